// Habilitation (docs/habilitation.md) against the real server process, on SQLite and PostgreSQL:
// the référent's routes (success, refusals, cross-organisation probes), the ANCT's admin commands,
// the status table through both, training registration without overbooking (two server instances
// on PostgreSQL), CSV import errors, emails through a real SMTP server.
#include "Habilitation.h"
#include "SmtpSink.h"
#include "TestServer.h"

#include <QDate>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryFile>
#include <QtTest>

#include <thread>

using namespace Qt::StringLiterals;

namespace {
constexpr int kDeliveryTimeoutMs = 20000;
}

class TestHabilitation : public QObject
{
    Q_OBJECT

    std::unique_ptr<SmtpSink> m_sink;
    std::unique_ptr<TestServer> m_server;
    qint64 m_orgA = 0;
    qint64 m_orgB = 0;
    QString m_referentA; // token of the fixture référent (organisation A)
    QString m_referentB; // token of organisation B's référent
    QString m_aidantA; // token of a plain aidant of A
    TestServer::Account m_referentBAccount;
    int m_counter = 0;

    QString login(const TestServer::Account &account)
    {
        const auto result = m_server->postJson(u"/api/v1/auth/login"_s,
            { { u"email"_s, account.email }, { u"code"_s, m_server->nextCode(account) } });
        return result.json.value(u"token"_s).toString();
    }

    static QString orgPath(qint64 org, const QString &rest)
    {
        return u"/api/v1/referent/organisations/%1/"_s.arg(org) + rest;
    }

    QString sqlValue(const QString &sql)
    {
        QString output;
        if (m_server->runSqlBehindServer(sql, &output) != 0)
            return u"ERROR "_s + output;
        return output.trimmed();
    }

    qint64 journalCount() { return sqlValue(u"SELECT count(*) FROM journal;"_s).toLongLong(); }

    QString statusOf(qint64 requestId)
    {
        return sqlValue(u"SELECT status FROM habilitation_requests WHERE id = %1;"_s.arg(requestId));
    }

    QString uniqueEmail(const QString &prefix)
    {
        return u"%1.%2@habilitation.test"_s.arg(prefix).arg(++m_counter);
    }

    static QJsonObject person(const QString &email, const QString &first = u"Mathilde"_s)
    {
        return { { u"first_name"_s, first }, { u"last_name"_s, u"Loarec"_s }, { u"email"_s, email },
            { u"profession"_s, u"Conseillère numérique"_s }, { u"conseiller_numerique"_s, true },
            { u"professional"_s, true } };
    }

    /// A new habilitation request of organisation A by its référent; its id (0 on failure).
    qint64 newRequest(const QString &email)
    {
        const auto result = m_server->postJson(orgPath(m_orgA, u"habilitation-requests"_s),
            { { u"aidants"_s, QJsonArray { person(email, email.section(QLatin1Char('@'), 0, 0)) } } },
            m_referentA);
        if (result.status != 200)
            qWarning("create request: %d %s", result.status, result.body.constData());
        return result.json.value(u"habilitation_requests"_s)
            .toArray()
            .at(0)
            .toObject()
            .value(u"id"_s)
            .toInteger();
    }

    int move(qint64 requestId, const QString &action, QString *output = nullptr)
    {
        QString text;
        const int code = m_server->runAdmin(
            { u"move-habilitation-request"_s, u"--id"_s, QString::number(requestId), u"--action"_s, action },
            &text);
        if (output)
            *output = text;
        return code;
    }

    /// A training session created with the admin command; its id (0 on failure).
    qint64 newSession(int daysAway, int maxAttendees, bool publish = true, bool internal = false)
    {
        const QDate start = QDate::currentDate().addDays(daysAway);
        QStringList args { u"create-training-session"_s, u"--organisme"_s, u"Mednum"_s, u"--start"_s,
            start.toString(Qt::ISODate), u"--duration"_s, u"7"_s, u"--max-attendees"_s,
            QString::number(maxAttendees), u"--format"_s, u"in_person"_s, u"--place"_s, u"Lens"_s };
        if (publish)
            args << u"--publish"_s;
        if (internal)
            args << u"--internal"_s;
        QString output;
        if (m_server->runAdmin(args, &output) != 0) {
            qWarning("create-training-session: %s", qPrintable(output));
            return 0;
        }
        return output.trimmed().toLongLong();
    }

    TestServer::HttpResult registerTo(qint64 requestId, const QList<qint64> &sessions,
        const QString &token = {}, qint64 org = 0, const QUrl &base = {})
    {
        QJsonArray ids;
        for (const qint64 id : sessions)
            ids.append(id);
        return m_server->postJson(
            orgPath(org ? org : m_orgA, u"habilitation-requests/%1/training-sessions"_s.arg(requestId)),
            { { u"session_ids"_s, ids } }, token.isEmpty() ? m_referentA : token, base);
    }

    QString registrations(qint64 requestId)
    {
        return sqlValue(
            u"SELECT session_id FROM training_registrations WHERE request_id = %1 ORDER BY session_id;"_s.arg(
                requestId))
            .replace(QLatin1Char('\n'), QLatin1Char(' '));
    }

    /// Waits for an email to @p to whose subject contains @p subject and body @p text.
    bool waitForEmail(const QString &to, const QString &subject, const QString &text = {})
    {
        const auto found = [&] {
            for (const SmtpSink::Message &m : m_sink->messages()) {
                if (m.rcptTos.contains(to) && m.subject.contains(subject) && m.body.contains(text))
                    return true;
            }
            return false;
        };
        QElapsedTimer timer;
        timer.start();
        while (!found() && timer.elapsed() < kDeliveryTimeoutMs)
            QTest::qWait(100);
        return found();
    }

private slots:
    void initTestCase()
    {
        m_sink = std::make_unique<SmtpSink>();
        QVERIFY(m_sink->start());
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.extraConfig
            = u"[smtp]\nurl=smtp://127.0.0.1:%1\nfrom=Aidants Connect <ne-pas-repondre@aidants.test>\n"
              "retry_base_seconds=1\nretry_max_seconds=2\npoll_interval_ms=200\n"_s.arg(m_sink->port());
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_orgA = m_server->organisationId();
        m_orgB = m_server->createOrganisation(u"CCAS de Lens"_s);
        QVERIFY(m_orgB > 0);
        m_referentBAccount = m_server->createAccount(
            u"nadia.referente@lens.test"_s, u"Nadia"_s, u"Guimendego"_s, true, true, m_orgB);
        QVERIFY(m_referentBAccount.id > 0);
        m_referentA = login(m_server->referent());
        m_referentB = login(m_referentBAccount);
        m_aidantA = login(m_server->aidant());
        QVERIFY(!m_referentA.isEmpty() && !m_referentB.isEmpty() && !m_aidantA.isEmpty());
    }

    void createAndList()
    {
        const qint64 before = journalCount();
        const QString first = uniqueEmail(u"mathilde"_s);
        const QString second = uniqueEmail(u"sylvain"_s);
        const auto created = m_server->postJson(orgPath(m_orgA, u"habilitation-requests"_s),
            { { u"aidants"_s, QJsonArray { person(first), person(second, u"Sylvain"_s) } } }, m_referentA);
        QCOMPARE(created.status, 200);
        const QJsonArray requests = created.json.value(u"habilitation_requests"_s).toArray();
        QCOMPARE(requests.size(), 2);
        const QJsonObject r = requests.at(0).toObject();
        QCOMPARE(r.value(u"status"_s).toString(), u"waiting_list"_s);
        QCOMPARE(r.value(u"status_label"_s).toString(), u"Liste d'attente"_s);
        QCOMPARE(r.value(u"actions"_s).toArray(), QJsonArray { u"cancel_by_referent"_s });
        QCOMPARE(r.value(u"conseiller_numerique"_s).toBool(), true);
        QCOMPARE(journalCount(), before + 2);
        QCOMPARE(sqlValue(u"SELECT count(*) FROM journal WHERE action = 'habilitation_request_created'"
                          " AND aidant_id = %1 AND organisation_id = %2;"_s.arg(m_server->referent().id)
                              .arg(m_orgA))
                     .toLongLong(),
            2);

        const auto list
            = m_server->request("GET", orgPath(m_orgA, u"habilitation-requests"_s), {}, m_referentA);
        QCOMPARE(list.status, 200);
        QStringList emails;
        for (const QJsonValue &v : list.json.value(u"habilitation_requests"_s).toArray())
            emails.append(v.toObject().value(u"email"_s).toString());
        QVERIFY(emails.contains(first) && emails.contains(second));
        // The référent of A is emailed about the new requests.
        QVERIFY(waitForEmail(m_server->referent().email, u"nouvelle demande d'habilitation"_s, u"Sylvain"_s));
    }

    void createRefusals_data()
    {
        QTest::addColumn<QJsonArray>("aidants");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("message");
        const QString fresh = u"fresh.person@habilitation.test"_s;
        QJsonObject noFirst = person(fresh);
        noFirst.remove(u"first_name"_s);
        QJsonObject badEmail = person(u"not-an-email"_s);
        QJsonObject volunteer = person(fresh);
        volunteer.insert(u"professional"_s, false);
        QJsonObject noFlag = person(fresh);
        noFlag.remove(u"conseiller_numerique"_s);
        QTest::newRow("missing first name")
            << QJsonArray { noFirst } << 400 << u"missing_field"_s << u"prénom"_s;
        QTest::newRow("invalid email") << QJsonArray { badEmail } << 400 << u"invalid_field"_s << u"email"_s;
        QTest::newRow("volunteer") << QJsonArray { volunteer } << 400 << u"not_eligible"_s << u"bénévoles"_s;
        QTest::newRow("no conseiller numérique answer")
            << QJsonArray { noFlag } << 400 << u"invalid_field"_s << u"conseiller_numerique"_s;
        QTest::newRow("empty list") << QJsonArray {} << 400 << u"invalid_field"_s << u"aidants"_s;
        QTest::newRow("twice in the list")
            << QJsonArray { person(fresh), person(u"FRESH.person@habilitation.test"_s) } << 409
            << u"duplicate"_s << u"deux fois"_s;
        QTest::newRow("already an aidant of the organisation, second of two")
            << QJsonArray { person(fresh), person(u"camille.aidante@test.example"_s) } << 409
            << u"duplicate"_s << u"déjà aidant de votre structure"_s;
        QTest::newRow("an open request, other case")
            << QJsonArray { person(fresh), person(u"OPEN.request@habilitation.test"_s) } << 409
            << u"duplicate"_s << u"déjà en cours"_s;
    }

    void createRefusals()
    {
        QFETCH(QJsonArray, aidants);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QString, message);
        static bool openCreated = false;
        if (!openCreated) {
            QVERIFY(newRequest(u"open.request@habilitation.test"_s) > 0);
            openCreated = true;
        }
        const qint64 journal = journalCount();
        const QString requests = sqlValue(u"SELECT count(*) FROM habilitation_requests;"_s);
        const auto result = m_server->postJson(
            orgPath(m_orgA, u"habilitation-requests"_s), { { u"aidants"_s, aidants } }, m_referentA);
        QCOMPARE(result.status, status);
        QCOMPARE(result.json.value(u"error"_s).toString(), error);
        QVERIFY2(result.json.value(u"message"_s).toString().contains(message), result.body.constData());
        // All or nothing: the valid first person was not created either, nothing journalled.
        QCOMPARE(sqlValue(u"SELECT count(*) FROM habilitation_requests;"_s), requests);
        QCOMPARE(journalCount(), journal);
    }

    /// One open request per email and organisation, also in the database (concurrent creations).
    void databaseRefusesDuplicateOpenRequests()
    {
        const QString email = uniqueEmail(u"unique"_s);
        const qint64 request = newRequest(email);
        QVERIFY(request > 0);
        const QString insert
            = u"INSERT INTO habilitation_requests (organisation_id, first_name, last_name, email,"
              " email_normalized, profession, status, created_at, updated_at)"
              " VALUES (%1, 'A', 'B', '%2', '%2', 'P', '%3', 0, 0);"_s;
        QString output;
        QVERIFY(m_server->runSqlBehindServer(insert.arg(m_orgA).arg(email, u"new"_s), &output) != 0);
        // Closed requests do not count, nor another organisation's.
        QCOMPARE(move(request, u"refuse"_s), 0);
        QCOMPARE(m_server->runSqlBehindServer(insert.arg(m_orgA).arg(email, u"new"_s), &output), 0);
        QCOMPARE(m_server->runSqlBehindServer(insert.arg(m_orgB).arg(email, u"new"_s), &output), 0);
        // Organisation B has no request in the other tests.
        QCOMPARE(m_server->runSqlBehindServer(
                     u"DELETE FROM habilitation_requests WHERE organisation_id = %1;"_s.arg(m_orgB), &output),
            0);
    }

    void nonReferentIsRefused()
    {
        const qint64 request = newRequest(uniqueEmail(u"nonref"_s));
        QVERIFY(request > 0);
        const qint64 journal = journalCount();
        const QString r = QString::number(request);
        const QList<QPair<QByteArray, QString>> routes
            = { { "GET", u"habilitation-requests"_s }, { "POST", u"habilitation-requests"_s },
                  { "POST", u"habilitation-requests/"_s + r + u"/cancel"_s },
                  { "GET", u"habilitation-requests/"_s + r + u"/training-sessions"_s },
                  { "POST", u"habilitation-requests/"_s + r + u"/training-sessions"_s },
                  { "GET", u"structure-change-requests"_s }, { "POST", u"structure-change-requests"_s },
                  { "POST", u"structure-change-requests/1/cancel"_s } };
        for (const auto &[method, rest] : routes) {
            const auto result = m_server->request(method, orgPath(m_orgA, rest), "{}", m_aidantA);
            QCOMPARE(result.status, 403);
            QCOMPARE(result.json.value(u"error"_s).toString(), u"not_referent"_s);
            QCOMPARE(m_server->request(method, orgPath(m_orgA, rest), "{}").status, 401);
        }
        QCOMPARE(journalCount(), journal);
        QCOMPARE(statusOf(request), u"waiting_list"_s);
    }

    /// The role is read at each request: a référent who loses it mid-session is refused at once.
    void referentWhoLostTheRole()
    {
        const TestServer::Account coReferent = m_server->createAccount(
            uniqueEmail(u"coreferent"_s), u"Manon"_s, u"Piffault"_s, true, true, m_orgA);
        const QString token = login(coReferent);
        QVERIFY(!token.isEmpty());
        const auto before = m_server->postJson(orgPath(m_orgA, u"habilitation-requests"_s),
            { { u"aidants"_s, QJsonArray { person(uniqueEmail(u"lost"_s)) } } }, token);
        QCOMPARE(before.status, 200);
        const qint64 request = before.json.value(u"habilitation_requests"_s)
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(u"id"_s)
                                   .toInteger();
        QCOMPARE(m_server->runSqlBehindServer(
                     u"DELETE FROM referent_organisations WHERE aidant_id = %1;"_s.arg(coReferent.id)),
            0);
        const qint64 journal = journalCount();
        auto result = m_server->postJson(
            orgPath(m_orgA, u"habilitation-requests/%1/cancel"_s.arg(request)), {}, token);
        QCOMPARE(result.status, 403);
        QCOMPARE(result.json.value(u"error"_s).toString(), u"not_referent"_s);
        result = m_server->postJson(orgPath(m_orgA, u"habilitation-requests"_s),
            { { u"aidants"_s, QJsonArray { person(uniqueEmail(u"lost"_s)) } } }, token);
        QCOMPARE(result.status, 403);
        QCOMPARE(journalCount(), journal);
        QCOMPARE(statusOf(request), u"waiting_list"_s);
    }

    void crossOrganisationProbes()
    {
        // Organisation A's request (registrable) and structure change; the référent of B probes them.
        const qint64 request = newRequest(uniqueEmail(u"probe"_s));
        QCOMPARE(move(request, u"to_processing"_s), 0);
        const qint64 session = newSession(60, 10);
        QVERIFY(session > 0);
        const TestServer::Account elsewhere = m_server->createAccount(
            uniqueEmail(u"elsewhere"_s), u"Erik"_s, u"Da Silva"_s, false, false, m_orgB);
        const auto change = m_server->postJson(orgPath(m_orgA, u"structure-change-requests"_s),
            { { u"emails"_s, QJsonArray { elsewhere.email } } }, m_referentA);
        QCOMPARE(change.status, 200);
        const qint64 changeId = change.json.value(u"structure_change_requests"_s)
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value(u"id"_s)
                                    .toInteger();
        const QString r = QString::number(request);
        const QString c = QString::number(changeId);
        const QByteArray registerBody = QJsonDocument(
            QJsonObject { { u"session_ids"_s,
                QJsonArray { session } } }).toJson(QJsonDocument::Compact);
        const QByteArray createBody
            = QJsonDocument(QJsonObject { { u"aidants"_s, QJsonArray { person(uniqueEmail(u"x"_s)) } } })
                  .toJson(QJsonDocument::Compact);
        const QByteArray changeBody
            = QJsonDocument(QJsonObject { { u"emails"_s, QJsonArray { m_referentBAccount.email } } })
                  .toJson(QJsonDocument::Compact);
        struct Probe
        {
            QByteArray method;
            QString path;
            QByteArray body;
        };
        const QList<Probe> probes = {
            // Organisation A's routes, by the référent of B.
            { "GET", orgPath(m_orgA, u"habilitation-requests"_s), {} },
            { "POST", orgPath(m_orgA, u"habilitation-requests"_s), createBody },
            { "POST", orgPath(m_orgA, u"habilitation-requests/%1/cancel"_s.arg(r)), "{}" },
            { "GET", orgPath(m_orgA, u"habilitation-requests/%1/training-sessions"_s.arg(r)), {} },
            { "POST", orgPath(m_orgA, u"habilitation-requests/%1/training-sessions"_s.arg(r)), registerBody },
            { "GET", orgPath(m_orgA, u"structure-change-requests"_s), {} },
            { "POST", orgPath(m_orgA, u"structure-change-requests"_s), changeBody },
            { "POST", orgPath(m_orgA, u"structure-change-requests/%1/cancel"_s.arg(c)), "{}" },
            // A's request and change through B's own organisation.
            { "POST", orgPath(m_orgB, u"habilitation-requests/%1/cancel"_s.arg(r)), "{}" },
            { "GET", orgPath(m_orgB, u"habilitation-requests/%1/training-sessions"_s.arg(r)), {} },
            { "POST", orgPath(m_orgB, u"habilitation-requests/%1/training-sessions"_s.arg(r)), registerBody },
            { "POST", orgPath(m_orgB, u"structure-change-requests/%1/cancel"_s.arg(c)), "{}" },
            // An organisation that does not exist, ids that are not ids.
            { "GET", orgPath(999999, u"habilitation-requests"_s), {} },
            { "POST", orgPath(m_orgB, u"habilitation-requests/+%1/cancel"_s.arg(r)), "{}" },
            { "POST", orgPath(m_orgB, u"habilitation-requests/abc/cancel"_s), "{}" },
        };
        const qint64 journal = journalCount();
        const QString outbox = sqlValue(u"SELECT count(*) FROM email_outbox;"_s);
        for (const Probe &probe : probes) {
            const auto result = m_server->request(probe.method, probe.path, probe.body, m_referentB);
            QVERIFY2(result.status == 404, qPrintable(probe.path + u" "_s + QString::number(result.status)));
            QCOMPARE(result.json.value(u"error"_s).toString(), u"not_found"_s);
        }
        QCOMPARE(journalCount(), journal);
        QCOMPARE(sqlValue(u"SELECT count(*) FROM email_outbox;"_s), outbox);
        QCOMPARE(statusOf(request), u"processing"_s);
        QCOMPARE(registrations(request), QString());
        QCOMPARE(sqlValue(u"SELECT status FROM structure_change_requests WHERE id = %1;"_s.arg(changeId)),
            u"new"_s);
        QCOMPARE(
            sqlValue(u"SELECT count(*) FROM habilitation_requests WHERE organisation_id = %1;"_s.arg(m_orgB)),
            u"0"_s);
        // The same routes work for A's own référent.
        QCOMPARE(registerTo(request, { session }).status, 200);
        QCOMPARE(registrations(request), QString::number(session));
    }

    void statusTable_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("action");
        for (const Habilitation::Status status : Habilitation::allStatuses()) {
            for (const Habilitation::Action action : Habilitation::allActions()) {
                QTest::addRow(
                    "%s / %s", qPrintable(Habilitation::code(status)), qPrintable(Habilitation::code(action)))
                    << Habilitation::code(status) << Habilitation::code(action);
            }
        }
    }

    /// Every (status, action) pair through the API (référent actions) or the CLI (ANCT actions), and
    /// each ANCT action tried through the CLI... and the référent's through the API only: the
    /// outcome and the status after follow the table, a refusal journals nothing.
    void statusTable()
    {
        QFETCH(QString, from);
        QFETCH(QString, action);
        static qint64 session = 0;
        if (session == 0)
            session = newSession(90, 500);
        const qint64 request = newRequest(uniqueEmail(u"table"_s));
        QVERIFY(request > 0);
        // Bring the request to `from` the way it happens.
        if (from
            == u"new"_s) // set when the organisation's own habilitation is decided (docs/habilitation.md)
            sqlValue(u"UPDATE habilitation_requests SET status = 'new' WHERE id = %1;"_s.arg(request));
        else if (from == u"processing"_s)
            QCOMPARE(move(request, u"to_processing"_s), 0);
        else if (from == u"processing_p2p"_s)
            QCOMPARE(move(request, u"to_processing_p2p"_s), 0);
        else if (from == u"validated"_s) {
            QCOMPARE(move(request, u"to_processing"_s), 0);
            QCOMPARE(move(request, u"validate"_s), 0);
        } else if (from == u"refused"_s)
            QCOMPARE(move(request, u"refuse"_s), 0);
        else if (from == u"cancelled"_s)
            QCOMPARE(move(request, u"cancel"_s), 0);
        else if (from == u"cancelled_by_referent"_s)
            QCOMPARE(m_server
                         ->postJson(orgPath(m_orgA, u"habilitation-requests/%1/cancel"_s.arg(request)), {},
                             m_referentA)
                         .status,
                200);
        QCOMPARE(statusOf(request), from);

        const auto status = *Habilitation::statusFromCode(from);
        const auto act = *Habilitation::actionFromCode(action);
        const Habilitation::Transition expected = Habilitation::apply(status, act, Habilitation::actor(act));
        const qint64 journal = journalCount();
        bool allowed = false;
        if (Habilitation::actor(act) == Habilitation::Actor::Anct) {
            QString output;
            allowed = move(request, action, &output) == 0;
            if (!allowed) // the refused transition names its rule
                QVERIFY2(output.contains(u"rule "_s + action), qPrintable(output));
        } else if (act == Habilitation::Action::CancelByReferent) {
            const auto result = m_server->postJson(
                orgPath(m_orgA, u"habilitation-requests/%1/cancel"_s.arg(request)), {}, m_referentA);
            allowed = result.status == 200;
            if (!allowed) {
                QCOMPARE(result.status, 409);
                QCOMPARE(result.json.value(u"error"_s).toString(), u"action_not_allowed"_s);
                QVERIFY(result.json.value(u"message"_s).toString().contains(Habilitation::label(status)));
            }
        } else {
            const auto result = registerTo(request, { session });
            allowed = result.status == 200;
            if (!allowed)
                QCOMPARE(result.json.value(u"error"_s).toString(), u"action_not_allowed"_s);
            const auto list = m_server->request("GET",
                orgPath(m_orgA, u"habilitation-requests/%1/training-sessions"_s.arg(request)), {},
                m_referentA);
            QCOMPARE(list.status == 200, expected.allowed);
        }
        QCOMPARE(allowed, expected.allowed);
        QCOMPARE(statusOf(request), Habilitation::code(expected.to));
        QCOMPARE(journalCount(), journal + (allowed ? 1 : 0));
        // The référent's actions the API offers for the request in its new state.
        const auto list
            = m_server->request("GET", orgPath(m_orgA, u"habilitation-requests"_s), {}, m_referentA);
        for (const QJsonValue &v : list.json.value(u"habilitation_requests"_s).toArray()) {
            const QJsonObject r = v.toObject();
            if (r.value(u"id"_s).toInteger() != request)
                continue;
            QCOMPARE(r.value(u"status_label"_s).toString(), Habilitation::label(expected.to));
            QJsonArray actions;
            for (const Habilitation::Action a : Habilitation::referentActions(expected.to))
                actions.append(Habilitation::code(a));
            QCOMPARE(r.value(u"actions"_s).toArray(), actions);
        }
    }

    void validationOpensTheAccount()
    {
        const QString email = uniqueEmail(u"validated"_s);
        const qint64 request = newRequest(email);
        QCOMPARE(move(request, u"to_processing"_s), 0);
        QVERIFY(waitForEmail(m_server->referent().email, u"« Éligibilité validée »"_s, email));
        QString output;
        QCOMPARE(move(request, u"validate"_s, &output), 0);
        QVERIFY2(output.contains(u"created"_s), qPrintable(output));
        const qint64 aidantId
            = sqlValue(u"SELECT id FROM aidants WHERE email = '%1';"_s.arg(email)).toLongLong();
        QVERIFY(aidantId > 0);
        // A member of the organisation, active, without any device.
        QCOMPARE(sqlValue(u"SELECT organisation_id FROM aidant_organisations WHERE aidant_id = %1;"_s.arg(
                     aidantId)),
            QString::number(m_orgA));
        QCOMPARE(sqlValue(u"SELECT count(*) FROM otp_devices WHERE aidant_id = %1;"_s.arg(aidantId)), u"0"_s);
        QCOMPARE(sqlValue(u"SELECT count(*) FROM journal WHERE action = 'habilitation_request_validated'"
                          " AND aidant_id = %1 AND organisation_id = %2;"_s.arg(aidantId)
                              .arg(m_orgA)),
            u"1"_s);
        // The référent sees the account: on the request, and as an aidant of the organisation.
        const auto list
            = m_server->request("GET", orgPath(m_orgA, u"habilitation-requests"_s), {}, m_referentA);
        bool seen = false;
        for (const QJsonValue &v : list.json.value(u"habilitation_requests"_s).toArray()) {
            if (v.toObject().value(u"id"_s).toInteger() == request) {
                QCOMPARE(v.toObject().value(u"aidant_id"_s).toInteger(), aidantId);
                QCOMPARE(v.toObject().value(u"status_label"_s).toString(), u"Validée"_s);
                seen = true;
            }
        }
        QVERIFY(seen);
        const auto again = m_server->postJson(orgPath(m_orgA, u"habilitation-requests"_s),
            { { u"aidants"_s, QJsonArray { person(email) } } }, m_referentA);
        QCOMPARE(again.status, 409);
        QVERIFY(again.json.value(u"message"_s).toString().contains(u"déjà aidant de votre structure"_s));
        QVERIFY(waitForEmail(m_server->referent().email, u"« Validée »"_s, email));

        // An existing account (an aidant of B) is attached instead.
        const TestServer::Account existing = m_server->createAccount(
            uniqueEmail(u"existing"_s), u"Jean"_s, u"Bacri"_s, false, false, m_orgB);
        const qint64 second = newRequest(existing.email);
        QCOMPARE(move(second, u"to_processing_p2p"_s), 0);
        QCOMPARE(move(second, u"validate"_s, &output), 0);
        QVERIFY2(output.contains(u"existing aidant %1 attached"_s.arg(existing.id)), qPrintable(output));
        QCOMPARE(
            sqlValue(u"SELECT count(*) FROM aidant_organisations WHERE aidant_id = %1;"_s.arg(existing.id)),
            u"2"_s);
    }

    void cliListsAndRefusals()
    {
        const qint64 request = newRequest(uniqueEmail(u"cli"_s));
        QString output;
        QCOMPARE(m_server->runAdmin({ u"habilitation-requests"_s, u"--status"_s, u"waiting_list"_s,
                                        u"--organisation"_s, QString::number(m_orgA), u"--csv"_s },
                     &output),
            0);
        const QStringList lines = output.trimmed().split(QLatin1Char('\n'));
        QVERIFY(lines.first().startsWith(u"id,organisation,status,"_s));
        bool found = false;
        for (const QString &line : lines) {
            QVERIFY(line == lines.first() || line.contains(u",waiting_list,"_s));
            found = found || line.startsWith(QString::number(request) + QLatin1Char(','));
        }
        QVERIFY(found);
        QCOMPARE(m_server->runAdmin(
                     { u"habilitation-requests"_s, u"--organisation"_s, QString::number(m_orgB) }, &output),
            0);
        QCOMPARE(output.trimmed().split(QLatin1Char('\n')).size(), 1); // the header only
        QVERIFY(
            m_server->runAdmin({ u"habilitation-requests"_s, u"--status"_s, u"Nouvelle"_s }, &output) != 0);
        QVERIFY(move(request, u"cancel_by_referent"_s, &output) != 0); // not an ANCT action
        QVERIFY(move(999999, u"refuse"_s, &output) != 0);
        QVERIFY(output.contains(u"no habilitation request"_s));
    }

    void trainingRegistration()
    {
        const QString email = uniqueEmail(u"training"_s);
        const QString name = email.section(QLatin1Char('@'), 0, 0) + u" Loarec"_s; // newRequest's
        const qint64 request = newRequest(email);
        QCOMPARE(move(request, u"to_processing"_s), 0);
        const qint64 s1 = newSession(60, 10);
        const qint64 s2 = newSession(61, 10);
        const qint64 unpublished = newSession(62, 10, false);
        const qint64 internal = newSession(63, 10, true, true);
        const qint64 soon = newSession(20, 10);
        const qint64 full = newSession(64, 1);
        QVERIFY(s1 && s2 && unpublished && internal && soon && full);
        const qint64 other = newRequest(uniqueEmail(u"other"_s));
        QCOMPARE(move(other, u"to_processing"_s), 0);
        QCOMPARE(registerTo(other, { full }).status, 200);

        const auto offered = m_server->request("GET",
            orgPath(m_orgA, u"habilitation-requests/%1/training-sessions"_s.arg(request)), {}, m_referentA);
        QCOMPARE(offered.status, 200);
        QList<qint64> ids;
        for (const QJsonValue &v : offered.json.value(u"training_sessions"_s).toArray()) {
            ids.append(v.toObject().value(u"id"_s).toInteger());
            if (v.toObject().value(u"id"_s).toInteger() == s1) {
                QCOMPARE(v.toObject().value(u"organisme"_s).toString(), u"Mednum"_s);
                QCOMPARE(v.toObject().value(u"duration_label"_s).toString(), u"7h"_s);
                QCOMPARE(v.toObject().value(u"format_label"_s).toString(), u"Présentiel"_s);
                QCOMPARE(v.toObject().value(u"place"_s).toString(), u"Lens"_s);
                QVERIFY(v.toObject().value(u"dates_label"_s).toString().startsWith(u"Le "_s));
                QCOMPARE(v.toObject().value(u"selected"_s).toBool(), false);
            }
        }
        QVERIFY(ids.contains(s1) && ids.contains(s2));
        for (const qint64 hidden : { unpublished, internal, soon, full })
            QVERIFY2(!ids.contains(hidden), qPrintable(QString::number(hidden)));

        const qint64 journal = journalCount();
        auto result = registerTo(request, { s1 });
        QCOMPARE(result.status, 200);
        QCOMPARE(
            result.json.value(u"training_sessions"_s).toArray().at(0).toObject().value(u"id"_s).toInteger(),
            s1);
        QCOMPARE(registrations(request), QString::number(s1));
        QCOMPARE(journalCount(), journal + 1);
        QVERIFY(waitForEmail(m_server->referent().email, u"inscription à une formation confirmée"_s, name));
        // Replacing the selection: one transaction, s1 left and s2 taken.
        QCOMPARE(registerTo(request, { s2 }).status, 200);
        QCOMPARE(registrations(request), QString::number(s2));
        QCOMPARE(
            sqlValue(
                u"SELECT info FROM journal WHERE action = 'training_registration' ORDER BY seq DESC LIMIT 1;"_s),
            u"request %1: sessions added [%2], removed [%3]"_s.arg(request).arg(s2).arg(s1));
        // Refusals change nothing: the previous selection stays whole.
        const qint64 before = journalCount();
        const QList<QPair<QList<qint64>, QString>> refused
            = { { { s1, unpublished }, u"session_not_offered"_s }, { { internal }, u"session_not_offered"_s },
                  { { soon }, u"session_not_offered"_s }, { { s1, full }, u"session_full"_s },
                  { { 999999 }, u"not_found"_s } };
        for (const auto &[sessions, error] : refused) {
            result = registerTo(request, sessions);
            QCOMPARE(result.json.value(u"error"_s).toString(), error);
            QCOMPARE(registrations(request), QString::number(s2));
        }
        QVERIFY(result.json.value(u"message"_s).toString().size() > 0);
        result = registerTo(request, { s1, full });
        QVERIFY(result.json.value(u"message"_s).toString().contains(u"complète"_s));
        QCOMPARE(m_server
                     ->postJson(orgPath(m_orgA, u"habilitation-requests/%1/training-sessions"_s.arg(request)),
                         { { u"session_ids"_s, QJsonArray { u"x"_s } } }, m_referentA)
                     .status,
            400);
        QCOMPARE(journalCount(), before);
        // The sessions the request is registered to are listed as selected.
        const auto listed = m_server->request("GET",
            orgPath(m_orgA, u"habilitation-requests/%1/training-sessions"_s.arg(request)), {}, m_referentA);
        for (const QJsonValue &v : listed.json.value(u"training_sessions"_s).toArray())
            QCOMPARE(
                v.toObject().value(u"selected"_s).toBool(), v.toObject().value(u"id"_s).toInteger() == s2);
        // An empty selection unregisters; the référent is told it is cancelled.
        QCOMPARE(registerTo(request, {}).status, 200);
        QCOMPARE(registrations(request), QString());
        QVERIFY(waitForEmail(m_server->referent().email, u"inscription à une formation annulée"_s, name));
    }

    void sessionAdministration()
    {
        const qint64 session = newSession(70, 5);
        const QString email = uniqueEmail(u"attendee"_s);
        const qint64 request = newRequest(email);
        QCOMPARE(move(request, u"to_processing"_s), 0);
        QCOMPARE(registerTo(request, { session }).status, 200);
        QString output;
        QCOMPARE(m_server->runAdmin(
                     { u"training-session-attendees"_s, u"--id"_s, QString::number(session), u"--csv"_s },
                     &output),
            0);
        QVERIFY(output.contains(QString::number(request) + u","_s + QString::number(m_orgA)));
        QCOMPARE(
            m_server->runAdmin({ u"record-training-attendance"_s, u"--session"_s, QString::number(session),
                                   u"--request"_s, QString::number(request), u"--attended"_s, u"yes"_s },
                &output),
            0);
        QCOMPARE(
            sqlValue(
                u"SELECT count(*) FROM training_registrations WHERE session_id = %1 AND attended = TRUE;"_s
                    .arg(session)),
            u"1"_s);
        QVERIFY(
            m_server->runAdmin({ u"record-training-attendance"_s, u"--session"_s, QString::number(session),
                                   u"--request"_s, u"999999"_s, u"--attended"_s, u"yes"_s },
                &output)
            != 0);
        QCOMPARE(m_server->runAdmin(
                     { u"publish-training-session"_s, u"--id"_s, QString::number(session), u"--unpublish"_s },
                     &output),
            0);
        QCOMPARE(
            sqlValue(u"SELECT count(*) FROM training_sessions WHERE id = %1 AND published = FALSE;"_s.arg(
                session)),
            u"1"_s);
        const qint64 journal = journalCount();
        QCOMPARE(m_server->runAdmin(
                     { u"cancel-training-session"_s, u"--id"_s, QString::number(session) }, &output),
            0);
        QVERIFY2(output.contains(u"1 registrations cancelled"_s), qPrintable(output));
        QCOMPARE(registrations(request), QString());
        QCOMPARE(journalCount(), journal + 2); // the session, and the registration it ended
        QVERIFY(waitForEmail(m_server->referent().email, u"inscription à une formation annulée"_s,
            email.section(QLatin1Char('@'), 0, 0) + u" Loarec est donc annulée"_s));
        QVERIFY(
            m_server->runAdmin({ u"cancel-training-session"_s, u"--id"_s, QString::number(session) }, &output)
            != 0);
        QVERIFY(m_server->runAdmin(
                    { u"publish-training-session"_s, u"--id"_s, QString::number(session) }, &output)
            != 0);
        QCOMPARE(
            registerTo(request, { session }).json.value(u"error"_s).toString(), u"session_not_offered"_s);
    }

    void overbookingRefusedByTheDatabase()
    {
        const qint64 session = newSession(80, 1);
        const qint64 first = newRequest(uniqueEmail(u"seat"_s));
        const qint64 second = newRequest(uniqueEmail(u"seat"_s));
        QString output;
        QCOMPARE(m_server->runSqlBehindServer(
                     u"INSERT INTO training_registrations (session_id, request_id, created_at)"
                     " VALUES (%1, %2, 0);"_s.arg(session)
                         .arg(first),
                     &output),
            0);
        QVERIFY(m_server->runSqlBehindServer(
                    u"INSERT INTO training_registrations (session_id, request_id, created_at)"
                    " VALUES (%1, %2, 0);"_s.arg(session)
                        .arg(second),
                    &output)
            != 0);
        QVERIFY2(output.contains(u"training_session_full"_s), qPrintable(output));
        QCOMPARE(
            sqlValue(u"SELECT count(*) FROM training_registrations WHERE session_id = %1;"_s.arg(session)),
            u"1"_s);
    }

    /// Référents register six requests at once to a session with two seats, half through a second
    /// server instance on PostgreSQL (one instance on SQLite): exactly two win, every round.
    void concurrentRegistrationsToTheLastSeats()
    {
        QUrl other = m_server->baseUrl();
        if (m_server->backend() == TestServer::Backend::PostgreSql) {
            other = m_server->startAnotherInstance();
            QVERIFY(!other.isEmpty());
        }
        constexpr int kContenders = 6;
        constexpr int kSeats = 2;
        for (int round = 0; round < 10; ++round) {
            const qint64 session = newSession(90, kSeats);
            QJsonArray people;
            for (int i = 0; i < kContenders; ++i)
                people.append(person(uniqueEmail(u"race"_s)));
            const auto created = m_server->postJson(
                orgPath(m_orgA, u"habilitation-requests"_s), { { u"aidants"_s, people } }, m_referentA);
            QCOMPARE(created.status, 200);
            QList<qint64> requests;
            for (const QJsonValue &v : created.json.value(u"habilitation_requests"_s).toArray())
                requests.append(v.toObject().value(u"id"_s).toInteger());
            QStringList ids;
            for (const qint64 id : requests)
                ids.append(QString::number(id));
            sqlValue(u"UPDATE habilitation_requests SET status = 'processing' WHERE id IN (%1);"_s.arg(
                ids.join(QLatin1Char(','))));
            QList<TestServer::HttpResult> results(kContenders);
            std::vector<std::thread> threads;
            for (int i = 0; i < kContenders; ++i) {
                threads.emplace_back([&, i] {
                    results[i] = registerTo(requests.at(i), { session }, {}, 0, i % 2 ? other : QUrl());
                });
            }
            for (std::thread &t : threads)
                t.join();
            int won = 0;
            for (const TestServer::HttpResult &r : std::as_const(results)) {
                if (r.status == 200) {
                    ++won;
                } else {
                    QCOMPARE(r.status, 409);
                    QCOMPARE(r.json.value(u"error"_s).toString(), u"session_full"_s);
                }
            }
            QCOMPARE(won, kSeats);
            QCOMPARE(sqlValue(u"SELECT count(*) FROM training_registrations WHERE session_id = %1;"_s.arg(
                         session)),
                QString::number(kSeats));
        }
    }

    void csvImport_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<int>("imported"); // -1: refused
        QTest::addColumn<QString>("error");
        const QByteArray header = "organisme,start_date,end_date,duration_hours,max_attendees,format,place\n";
        const QByteArray good = "Mednum,2030-05-14,2030-05-14,7,12,in_person,Mende (48)\n";
        QTest::newRow("two sessions, quoted place")
            << header + good + "Mednum,2030-05-23,2030-05-24,14,12,remote,\"Marne, la ville sera définie\"\n"
            << 2 << QString();
        QTest::newRow("without header") << good << 1 << QString();
        QTest::newRow("bad duration on line 3")
            << header + good + "Mednum,2030-05-14,2030-05-14,8,12,in_person,Lens\n"
            << -1 << u"line 3: duration_hours must be 7 or 14"_s;
        QTest::newRow("bad date on line 2") << header + "Mednum,14/05/2030,2030-05-14,7,12,in_person,Lens\n"
                                            << -1 << u"line 2: invalid start_date"_s;
        QTest::newRow("end before start") << header + "Mednum,2030-05-14,2030-05-13,7,12,in_person,Lens\n"
                                          << -1 << u"line 2: end_date is before"_s;
        QTest::newRow("bad format") << header + good + good + "Mednum,2030-05-14,2030-05-14,7,12,visio,Lens\n"
                                    << -1 << u"line 4: format must be"_s;
        QTest::newRow("no seats") << header + "Mednum,2030-05-14,2030-05-14,7,0,in_person,Lens\n"
                                  << -1 << u"line 2: max_attendees"_s;
        QTest::newRow("missing field") << header + "Mednum,2030-05-14,2030-05-14,7,12,in_person\n"
                                       << -1 << u"line 2: expected 7 fields"_s;
        QTest::newRow("unterminated quote")
            << header + good + "Mednum,2030-05-14,2030-05-14,7,12,in_person,\"Lens\n"
            << -1 << u"line 3: unterminated"_s;
        QTest::newRow("empty") << header << -1 << u"no training session"_s;
    }

    void csvImport()
    {
        QFETCH(QByteArray, csv);
        QFETCH(int, imported);
        QFETCH(QString, error);
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(csv);
        file.flush();
        const QString before = sqlValue(u"SELECT count(*) FROM training_sessions;"_s);
        const qint64 journal = journalCount();
        QString output;
        const int code = m_server->runAdmin({ u"import-training-sessions"_s, file.fileName() }, &output);
        if (imported < 0) {
            QVERIFY(code != 0);
            QVERIFY2(output.contains(error), qPrintable(output));
            QVERIFY(output.contains(u"nothing was imported"_s));
            QCOMPARE(sqlValue(u"SELECT count(*) FROM training_sessions;"_s), before);
            QCOMPARE(journalCount(), journal);
        } else {
            QCOMPARE(code, 0);
            QCOMPARE(
                sqlValue(u"SELECT count(*) FROM training_sessions;"_s).toInt(), before.toInt() + imported);
            QCOMPARE(journalCount(), journal + 1);
            if (imported == 2) {
                QCOMPARE(sqlValue(u"SELECT place FROM training_sessions ORDER BY id DESC LIMIT 1;"_s),
                    u"Marne, la ville sera définie"_s);
            }
        }
    }

    void structureChange()
    {
        // An aidant of B, logged in, joins A.
        const TestServer::Account mover = m_server->createAccount(
            uniqueEmail(u"mover"_s), u"Sylvain"_s, u"Dufraisse"_s, false, true, m_orgB);
        const QString moverToken = login(mover);
        QVERIFY(!moverToken.isEmpty());
        const qint64 journal = journalCount();
        auto result = m_server->postJson(orgPath(m_orgA, u"structure-change-requests"_s),
            { { u"emails"_s, QJsonArray { mover.email } } }, m_referentA);
        QCOMPARE(result.status, 200);
        const QJsonObject change
            = result.json.value(u"structure_change_requests"_s).toArray().at(0).toObject();
        QCOMPARE(change.value(u"status_label"_s).toString(), u"Nouvelle"_s);
        QCOMPARE(change.value(u"actions"_s).toArray(), QJsonArray { u"cancel_by_referent"_s });
        QCOMPARE(journalCount(), journal + 1);
        const qint64 changeId = change.value(u"id"_s).toInteger();

        const QList<QPair<QString, QString>> refusals
            = { { mover.email, u"duplicate"_s }, { u"nobody@habilitation.test"_s, u"unknown_aidant"_s },
                  { m_server->aidant().email, u"duplicate"_s } };
        for (const auto &[email, error] : refusals) {
            result = m_server->postJson(orgPath(m_orgA, u"structure-change-requests"_s),
                { { u"emails"_s, QJsonArray { email } } }, m_referentA);
            QCOMPARE(result.status, 409);
            QCOMPARE(result.json.value(u"error"_s).toString(), error);
        }
        QCOMPARE(journalCount(), journal + 1);
        const auto list
            = m_server->request("GET", orgPath(m_orgA, u"structure-change-requests"_s), {}, m_referentA);
        QCOMPARE(list.json.value(u"structure_change_requests"_s)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(u"id"_s)
                     .toInteger(),
            changeId);

        QString output;
        QCOMPARE(m_server->runAdmin(
                     { u"structure-change-requests"_s, u"--status"_s, u"new"_s, u"--csv"_s }, &output),
            0);
        QVERIFY(output.contains(QString::number(changeId) + u","_s + QString::number(m_orgA) + u",new,"_s));
        // The new email must be free: a refusal changes nothing.
        QVERIFY(
            m_server->runAdmin({ u"decide-structure-change"_s, u"--id"_s, QString::number(changeId),
                                   u"--action"_s, u"validate"_s, u"--new-email"_s, m_server->aidant().email },
                &output)
            != 0);
        QVERIFY2(output.contains(u"already has the email"_s), qPrintable(output));
        QCOMPARE(sqlValue(u"SELECT status FROM structure_change_requests WHERE id = %1;"_s.arg(changeId)),
            u"new"_s);
        QCOMPARE(sqlValue(u"SELECT count(*) FROM aidant_organisations WHERE aidant_id = %1;"_s.arg(mover.id)),
            u"1"_s);
        const QString newEmail = uniqueEmail(u"moved"_s);
        QCOMPARE(m_server->runAdmin({ u"decide-structure-change"_s, u"--id"_s, QString::number(changeId),
                                        u"--action"_s, u"validate"_s, u"--new-email"_s, newEmail },
                     &output),
            0);
        QCOMPARE(sqlValue(u"SELECT email FROM aidants WHERE id = %1;"_s.arg(mover.id)), newEmail);
        // Now only in A; the session opened in B ended.
        QCOMPARE(sqlValue(u"SELECT organisation_id FROM aidant_organisations WHERE aidant_id = %1;"_s.arg(
                     mover.id)),
            QString::number(m_orgA));
        QCOMPARE(m_server->request("GET", u"/api/v1/me"_s, {}, moverToken).status, 401);
        QCOMPARE(sqlValue(u"SELECT count(*) FROM journal WHERE action = 'structure_change_validated'"
                          " AND aidant_id = %1 AND organisation_id = %2;"_s.arg(mover.id)
                              .arg(m_orgA)),
            u"1"_s);
        QVERIFY(waitForEmail(
            m_server->referent().email, u"changement de structure « Validée »"_s, u"Sylvain Dufraisse"_s));
        // Decided: no second decision, no cancel.
        QVERIFY(m_server->runAdmin({ u"decide-structure-change"_s, u"--id"_s, QString::number(changeId),
                                       u"--action"_s, u"refuse"_s },
                    &output)
            != 0);
        QVERIFY2(output.contains(u"rule refuse"_s), qPrintable(output));
        result = m_server->postJson(
            orgPath(m_orgA, u"structure-change-requests/%1/cancel"_s.arg(changeId)), {}, m_referentA);
        QCOMPARE(result.status, 409);

        // Another one, cancelled by the référent, then refused by nobody.
        const TestServer::Account stays = m_server->createAccount(
            uniqueEmail(u"stays"_s), u"Angela"_s, u"Dubois"_s, false, false, m_orgB);
        result = m_server->postJson(orgPath(m_orgA, u"structure-change-requests"_s),
            { { u"emails"_s, QJsonArray { stays.email } } }, m_referentA);
        const qint64 second = result.json.value(u"structure_change_requests"_s)
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(u"id"_s)
                                  .toInteger();
        result = m_server->postJson(
            orgPath(m_orgA, u"structure-change-requests/%1/cancel"_s.arg(second)), {}, m_referentA);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value(u"status_label"_s).toString(), u"Annulée par le référent"_s);
        QVERIFY(m_server->runAdmin({ u"decide-structure-change"_s, u"--id"_s, QString::number(second),
                                       u"--action"_s, u"validate"_s },
                    &output)
            != 0);
        QCOMPARE(sqlValue(u"SELECT count(*) FROM aidant_organisations WHERE aidant_id = %1;"_s.arg(stays.id)),
            u"1"_s);

        // The référent may give the email the aidant will have here; validation applies it.
        const TestServer::Account renamed
            = m_server->createAccount(uniqueEmail(u"renamed"_s), u"Nadia"_s, u"Roux"_s, false, false, m_orgB);
        const auto withNewEmail = [&](const QString &newEmail) {
            return m_server->postJson(orgPath(m_orgA, u"structure-change-requests"_s),
                { { u"emails"_s,
                    QJsonArray {
                        QJsonObject { { u"email"_s, renamed.email }, { u"new_email"_s, newEmail } } } } },
                m_referentA);
        };
        result = withNewEmail(m_server->aidant().email);
        QCOMPARE(result.status, 409);
        QCOMPARE(result.json.value(u"error"_s).toString(), u"email_taken"_s);
        QCOMPARE(withNewEmail(u"pas une adresse"_s).status, 400);
        const QString newAddress = uniqueEmail(u"nadia.roux"_s);
        result = withNewEmail(newAddress);
        QCOMPARE(result.status, 200);
        const QJsonObject third
            = result.json.value(u"structure_change_requests"_s).toArray().at(0).toObject();
        QCOMPARE(third.value(u"new_email"_s).toString(), newAddress);
        QCOMPARE(m_server->runAdmin(
                     { u"decide-structure-change"_s, u"--id"_s,
                         QString::number(third.value(u"id"_s).toInteger()), u"--action"_s, u"validate"_s },
                     &output),
            0);
        QCOMPARE(sqlValue(u"SELECT email FROM aidants WHERE id = %1;"_s.arg(renamed.id)), newAddress);
    }

    void demoData()
    {
        QString output;
        QCOMPARE(m_server->runAdmin({ u"demo-data"_s }, &output), 0);
        QCOMPARE(m_server->runAdmin({ u"habilitation-requests"_s, u"--csv"_s }, &output), 0);
        QSet<QString> statuses;
        for (const QString &line : output.split(QLatin1Char('\n'))) {
            if (line.contains(u"@demo.aidantsconnect.fr"_s))
                statuses.insert(line.section(QLatin1Char(','), 2, 2));
        }
        QVERIFY2(statuses.size() >= 4, qPrintable(output));
        QCOMPARE(m_server->runAdmin({ u"training-sessions"_s, u"--csv"_s }, &output), 0);
        QVERIFY(output.count(u",published"_s) >= 3);
        QVERIFY(output.contains(u"\"Marne, la ville sera définie en fonction des inscriptions\""_s));
    }

    void journalStillVerifies()
    {
        QString output;
        QCOMPARE(m_server->runAdmin({ u"journal"_s, u"verify"_s }, &output), 0);
        QVERIFY2(output.contains(u"journal OK"_s), qPrintable(output));
    }

    void cleanupTestCase()
    {
        m_server.reset();
        m_sink.reset();
    }
};

QTEST_GUILESS_MAIN(TestHabilitation)
#include "testHabilitation.moc"
