#include "Demarches.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

namespace {
const QString kBase = QStringLiteral("/api/v1/referent/organisations");

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QList<qint64> idsOf(const QJsonArray &array)
{
    QList<qint64> ids;
    for (const QJsonValue &v : array)
        ids.append(v.toObject().value(QStringLiteral("id")).toInteger());
    std::sort(ids.begin(), ids.end());
    return ids;
}
} // namespace

/// The Espace référent's organisations, démarches, aidants and co-référents routes
/// (docs/referent.md) against the real server process, on SQLite (ReferentApiSqlite) and
/// PostgreSQL (ReferentApiPostgres): success, every refusal, non-référents, cross-organisation
/// probes that must change nothing, and a role lost in the middle of a session.
class TestReferentApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    int m_accounts = 0;
    qint64 m_orgA = 0; ///< the fixture organisation: référent m_server->referent()
    qint64 m_orgB = 0; ///< another organisation: référent m_refB
    TestServer::Account m_refB;
    TestServer::Account m_aidantB;
    TestServer::Account m_plain; ///< an aidant of A who is référent of nothing
    QString m_refAToken;
    QString m_refBToken;
    QString m_plainToken;

    TestServer::Account newAccount(qint64 organisationId, bool referent = false, bool withCard = false)
    {
        ++m_accounts;
        return m_server->createAccount(QStringLiteral("compte%1@referent.example").arg(m_accounts),
            QStringLiteral("Prénom%1").arg(m_accounts), QStringLiteral("Nom%1").arg(m_accounts), referent,
            withCard, organisationId);
    }

    QString login(const TestServer::Account &account)
    {
        const auto result = m_server->postJson(QStringLiteral("/api/v1/auth/login"),
            { { QStringLiteral("email"), account.email },
                { QStringLiteral("code"), m_server->nextCode(account) } });
        return result.status == 200 ? result.json.value(QStringLiteral("token")).toString() : QString();
    }

    QString sql(const QString &statement)
    {
        QString out;
        if (m_server->runSqlBehindServer(statement, &out) != 0)
            return QStringLiteral("<sql failed: %1>").arg(out);
        return out.trimmed();
    }

    qint64 journalCount(const QString &action = {})
    {
        const QString where
            = action.isEmpty() ? QString() : QStringLiteral(" WHERE action = '%1'").arg(action);
        return sql(QStringLiteral("SELECT COUNT(*) FROM journal") + where + QLatin1Char(';')).toLongLong();
    }

    qint64 activeAidants(qint64 organisationId)
    {
        return sql(QStringLiteral("SELECT COUNT(*) FROM aidant_organisations m JOIN aidants a ON a.id = "
                                  "m.aidant_id WHERE m.organisation_id = %1 AND a.is_active = %2;")
                       .arg(organisationId)
                       .arg(m_server->backend() == TestServer::Backend::Sqlite ? QStringLiteral("1")
                                                                               : QStringLiteral("TRUE")))
            .toLongLong();
    }

    /// The last entry of @p action: "aidant_id|organisation_id|info".
    QString lastJournal(const QString &action)
    {
        return sql(QStringLiteral("SELECT aidant_id, organisation_id, info FROM journal WHERE action = '%1'"
                                  " ORDER BY seq DESC LIMIT 1;")
                       .arg(action));
    }

    /// Everything a référent route may change: memberships, roles, active flags, current
    /// organisations, démarches, sessions, the journal.
    QString snapshot()
    {
        return sql(QStringLiteral(
            "SELECT 'm', aidant_id, organisation_id FROM aidant_organisations ORDER BY aidant_id, "
            "organisation_id;"
            "SELECT 'r', aidant_id, organisation_id FROM referent_organisations ORDER BY aidant_id, "
            "organisation_id;"
            "SELECT 'a', id, is_active, current_organisation_id FROM aidants ORDER BY id;"
            "SELECT 'o', id, allowed_demarches FROM organisations ORDER BY id;"
            "SELECT 's', COUNT(*) FROM sessions;"
            "SELECT 'j', COUNT(*) FROM journal;"));
    }

    void addMembership(qint64 aidantId, qint64 organisationId, bool referent)
    {
        QString statement
            = QStringLiteral("INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (%1, %2);")
                  .arg(aidantId)
                  .arg(organisationId);
        if (referent) {
            statement += QStringLiteral(
                "INSERT INTO referent_organisations (aidant_id, organisation_id) VALUES (%1, %2);")
                             .arg(aidantId)
                             .arg(organisationId);
        }
        QCOMPARE(sql(statement), QString());
    }

    TestServer::HttpResult get(const QString &path, const QString &token)
    {
        return m_server->request("GET", path, {}, token);
    }

    TestServer::HttpResult post(const QString &path, const QJsonObject &body, const QString &token)
    {
        return m_server->postJson(path, body, token);
    }

    QString aidantPath(qint64 organisationId, qint64 aidantId, const QString &action = {})
    {
        return kBase + QStringLiteral("/%1/aidants/%2").arg(organisationId).arg(aidantId)
            + (action.isEmpty() ? QString() : QLatin1Char('/') + action);
    }

    static void verifyError(const TestServer::HttpResult &result, int status, const QString &code)
    {
        QCOMPARE(result.status, status);
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(), code);
        QVERIFY(!result.json.value(QStringLiteral("message")).toString().isEmpty());
    }

    /// Every route of this part of the contract, as (name, method, path, body) rows, on
    /// @p organisationId and @p aidantId; @p ownOrganisation is the organisation id put in the
    /// organisations route's body.
    struct RouteCase
    {
        QString name;
        QByteArray method;
        QString path;
        QByteArray body;
    };
    QList<RouteCase> routes(qint64 organisationId, qint64 aidantId, qint64 ownOrganisation)
    {
        const QString org = kBase + QStringLiteral("/%1").arg(organisationId);
        return {
            { QStringLiteral("organisation"), "GET", org, {} },
            { QStringLiteral("demarches"), "POST", org + QStringLiteral("/demarches"),
                compact({ { QStringLiteral("demarches"),
                    QJsonArray::fromStringList(Demarches::allCodes().mid(0, 1)) } }) },
            { QStringLiteral("aidants"), "GET", org + QStringLiteral("/aidants"), {} },
            { QStringLiteral("aidant"), "GET", aidantPath(organisationId, aidantId), {} },
            { QStringLiteral("remove"), "POST",
                aidantPath(organisationId, aidantId, QStringLiteral("remove")), "{}" },
            { QStringLiteral("reactivate"), "POST",
                aidantPath(organisationId, aidantId, QStringLiteral("reactivate")), "{}" },
            { QStringLiteral("organisations"), "POST",
                aidantPath(organisationId, aidantId, QStringLiteral("organisations")),
                compact({ { QStringLiteral("organisation_ids"), QJsonArray { ownOrganisation } } }) },
            { QStringLiteral("referent"), "POST",
                aidantPath(organisationId, aidantId, QStringLiteral("referent")),
                compact({ { QStringLiteral("referent"), true } }) },
        };
    }

    void addRouteColumns()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
    }

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_orgA = m_server->organisationId();
        m_orgB = m_server->createOrganisation(QStringLiteral("Structure B"));
        QVERIFY(m_orgB > 0);
        m_refB = newAccount(m_orgB, true, true);
        m_aidantB = newAccount(m_orgB);
        m_plain = newAccount(m_orgA, false, true);
        QVERIFY(m_refB.id > 0 && m_aidantB.id > 0 && m_plain.id > 0);
        m_refAToken = login(m_server->referent());
        m_refBToken = login(m_refB);
        m_plainToken = login(m_plain);
        QVERIFY(!m_refAToken.isEmpty() && !m_refBToken.isEmpty() && !m_plainToken.isEmpty());
    }

    void organisationsListsOnlyManagedOnes()
    {
        const auto result = get(kBase, m_refAToken);
        QCOMPARE(result.status, 200);
        const QJsonArray organisations = result.json.value(QStringLiteral("organisations")).toArray();
        QCOMPARE(idsOf(organisations), QList<qint64> { m_orgA });
        const QJsonObject a = organisations.first().toObject();
        QCOMPARE(a.value(QStringLiteral("name")).toString(), m_server->organisationName());
        QCOMPARE(a.value(QStringLiteral("active_aidants")).toInteger(), activeAidants(m_orgA));
        QVERIFY(a.value(QStringLiteral("active_aidants")).toInteger() >= 3);

        // A référent of two organisations sees both, by id.
        const TestServer::Account both = newAccount(m_orgA, true, true);
        addMembership(both.id, m_orgB, true);
        const QString token = login(both);
        const auto two = get(kBase, token);
        QCOMPARE(two.status, 200);
        QCOMPARE(idsOf(two.json.value(QStringLiteral("organisations")).toArray()),
            (QList<qint64> { m_orgA, m_orgB }));
    }

    void organisationPage()
    {
        const auto result = get(kBase + QStringLiteral("/%1").arg(m_orgB), m_refBToken);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value(QStringLiteral("id")).toInteger(), m_orgB);
        QCOMPARE(result.json.value(QStringLiteral("name")).toString(), QStringLiteral("Structure B"));
        QCOMPARE(result.json.value(QStringLiteral("city")).toString(), QStringLiteral("Lyon"));
        QCOMPARE(result.json.value(QStringLiteral("active_aidants")).toInteger(), activeAidants(m_orgB));
        QVERIFY(result.json.value(QStringLiteral("active_aidants")).toInteger() >= 2); // m_refB, m_aidantB
    }

    void demarches_data()
    {
        QTest::addColumn<QJsonValue>("demarches");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QStringList>("stored");
        const QStringList all = Demarches::allCodes();
        QVERIFY(all.size() >= 3);
        QTest::newRow("one") << QJsonValue(QJsonArray { all.at(1) }) << 200 << QString()
                             << QStringList { all.at(1) };
        QTest::newRow("reversed, stored in the catalogue's order")
            << QJsonValue(QJsonArray { all.at(2), all.at(0) }) << 200 << QString()
            << QStringList { all.at(0), all.at(2) };
        QTest::newRow("all") << QJsonValue(QJsonArray::fromStringList(all)) << 200 << QString() << all;
        QTest::newRow("none") << QJsonValue(QJsonArray {}) << 400 << QStringLiteral("invalid_field")
                              << QStringList();
        QTest::newRow("unknown code") << QJsonValue(QJsonArray { all.at(0), QStringLiteral("impots_locaux") })
                                      << 400 << QStringLiteral("invalid_field") << QStringList();
        QTest::newRow("duplicate") << QJsonValue(QJsonArray { all.at(0), all.at(0) }) << 400
                                   << QStringLiteral("invalid_field") << QStringList();
        QTest::newRow("not a string")
            << QJsonValue(QJsonArray { 3 }) << 400 << QStringLiteral("invalid_field") << QStringList();
        QTest::newRow("not an array")
            << QJsonValue(all.at(0)) << 400 << QStringLiteral("invalid_field") << QStringList();
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << 400
                                 << QStringLiteral("missing_field") << QStringList();
    }

    void demarches()
    {
        QFETCH(QJsonValue, demarches);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QStringList, stored);
        const QString path = kBase + QStringLiteral("/%1/demarches").arg(m_orgB);
        // Start from something else than the expected answer, so that a success is a change.
        const QStringList all = Demarches::allCodes();
        const QStringList start = stored == all.mid(0, 1) ? all.mid(3, 1) : all.mid(0, 1);
        QCOMPARE(
            post(path, { { QStringLiteral("demarches"), QJsonArray::fromStringList(start) } }, m_refBToken)
                .status,
            200);
        const QString before = snapshot();
        const qint64 journalled = journalCount(QStringLiteral("update_allowed_demarches"));
        QJsonObject body;
        if (!demarches.isUndefined())
            body.insert(QStringLiteral("demarches"), demarches);
        const auto result = post(path, body, m_refBToken);
        if (status != 200) {
            verifyError(result, status, error);
            QCOMPARE(snapshot(), before);
            return;
        }
        QCOMPARE(result.status, 200);
        QStringList answered;
        for (const QJsonValue &v : result.json.value(QStringLiteral("allowed_demarches")).toArray())
            answered.append(v.toString());
        QCOMPARE(answered, stored);
        QCOMPARE(
            sql(QStringLiteral("SELECT allowed_demarches FROM organisations WHERE id = %1;").arg(m_orgB)),
            stored.join(QLatin1Char(',')));
        QCOMPARE(journalCount(QStringLiteral("update_allowed_demarches")), journalled + 1);
        QCOMPARE(lastJournal(QStringLiteral("update_allowed_demarches")),
            QStringLiteral("%1|%2|previously %3")
                .arg(m_refB.id)
                .arg(m_orgB)
                .arg(start.join(QLatin1Char(','))));
        // The same list again changes nothing and journals nothing.
        QCOMPARE(post(path, body, m_refBToken).status, 200);
        QCOMPARE(journalCount(QStringLiteral("update_allowed_demarches")), journalled + 1);
    }

    void demarchesRestored()
    {
        const auto result = post(kBase + QStringLiteral("/%1/demarches").arg(m_orgB),
            { { QStringLiteral("demarches"), QJsonArray::fromStringList(Demarches::allCodes()) } },
            m_refBToken);
        QCOMPARE(result.status, 200);
    }

    void aidantsListAndPage()
    {
        const TestServer::Account never = newAccount(m_orgB);
        const auto result = get(kBase + QStringLiteral("/%1/aidants").arg(m_orgB), m_refBToken);
        QCOMPARE(result.status, 200);
        const QJsonArray aidants = result.json.value(QStringLiteral("aidants")).toArray();
        QList<qint64> expected;
        for (const QString &id :
            sql(QStringLiteral("SELECT aidant_id FROM aidant_organisations WHERE organisation_id = %1;")
                    .arg(m_orgB))
                .split(QLatin1Char('\n')))
            expected.append(id.toLongLong());
        std::sort(expected.begin(), expected.end());
        QCOMPARE(idsOf(aidants), expected);
        QVERIFY(
            expected.contains(m_refB.id) && expected.contains(m_aidantB.id) && expected.contains(never.id));
        QVERIFY(!expected.contains(m_server->aidant().id));
        const QStringList referents
            = sql(QStringLiteral("SELECT aidant_id FROM referent_organisations WHERE organisation_id = %1;")
                      .arg(m_orgB))
                  .split(QLatin1Char('\n'));
        QVERIFY(referents.contains(QString::number(m_refB.id)));
        for (const QJsonValue &v : aidants) {
            const QJsonObject a = v.toObject();
            QCOMPARE(a.value(QStringLiteral("referent")).toBool(),
                referents.contains(QString::number(a.value(QStringLiteral("id")).toInteger())));
        }

        // The référent's page of one aidant: identity, organisations, the card, the last login.
        const auto page = get(aidantPath(m_orgB, m_refB.id), m_refBToken);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.json.value(QStringLiteral("email")).toString(), m_refB.email);
        QCOMPARE(page.json.value(QStringLiteral("first_name")).toString(), m_refB.firstName);
        QCOMPARE(page.json.value(QStringLiteral("referent")).toBool(), true);
        QCOMPARE(page.json.value(QStringLiteral("active")).toBool(), true);
        QCOMPARE(idsOf(page.json.value(QStringLiteral("organisations")).toArray()), QList<qint64> { m_orgB });
        QCOMPARE(page.json.value(QStringLiteral("organisations"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Structure B"));
        const QJsonArray devices = page.json.value(QStringLiteral("devices")).toArray();
        QCOMPARE(devices.size(), 1);
        QCOMPARE(devices.first().toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("card"));
        QVERIFY(!devices.first().toObject().contains(QStringLiteral("secret")));
        QVERIFY(page.json.value(QStringLiteral("last_login_at")).toInteger() > 0);

        const auto neverPage = get(aidantPath(m_orgB, never.id), m_refBToken);
        QCOMPARE(neverPage.status, 200);
        QVERIFY(neverPage.json.value(QStringLiteral("last_login_at")).isNull());
        QCOMPARE(neverPage.json.value(QStringLiteral("devices")).toArray().size(), 0);
    }

    void nonReferentForbidden_data()
    {
        addRouteColumns();
        QTest::newRow("organisations") << QByteArray("GET") << kBase << QByteArray();
        for (const RouteCase &route : routes(m_orgA, m_server->aidant().id, m_orgA))
            QTest::newRow(qPrintable(route.name)) << route.method << route.path << route.body;
        // A malformed id is not looked at before the role.
        QTest::newRow("malformed organisation id")
            << QByteArray("GET") << kBase + QStringLiteral("/abc/aidants") << QByteArray();
    }

    void nonReferentForbidden()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const QString before = snapshot();
        const auto result = m_server->request(method, path, body, m_plainToken);
        verifyError(result, 403, QStringLiteral("not_referent"));
        QCOMPARE(result.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("Cette action est réservée aux référents de la structure."));
        QCOMPARE(snapshot(), before);
        // Without a session: 401.
        QCOMPARE(m_server->request(method, path, body).status, 401);
    }

    void crossOrganisationNotFound_data()
    {
        addRouteColumns();
        const qint64 aidantA = m_server->aidant().id;
        // m_refB on organisation A itself (and on its aidant).
        for (const RouteCase &route : routes(m_orgA, aidantA, m_orgB))
            QTest::newRow(qPrintable(QStringLiteral("org A: ") + route.name))
                << route.method << route.path << route.body;
        // m_refB on A's aidant through organisation B.
        for (const RouteCase &route : routes(m_orgB, aidantA, m_orgB)) {
            if (route.path.contains(QStringLiteral("/aidants/")))
                QTest::newRow(qPrintable(QStringLiteral("A's aidant via B: ") + route.name))
                    << route.method << route.path << route.body;
        }
        // An organisation id of A in the body, for B's own aidant.
        QTest::newRow("organisation A in the body")
            << QByteArray("POST") << aidantPath(m_orgB, m_aidantB.id, QStringLiteral("organisations"))
            << compact({ { QStringLiteral("organisation_ids"), QJsonArray { m_orgB, m_orgA } } });
        QTest::newRow("unknown organisation in the body")
            << QByteArray("POST") << aidantPath(m_orgB, m_aidantB.id, QStringLiteral("organisations"))
            << compact({ { QStringLiteral("organisation_ids"), QJsonArray { m_orgB, 999999 } } });
        // Unknown and malformed ids answer the same.
        for (const RouteCase &route : routes(999999, m_aidantB.id, m_orgB))
            QTest::newRow(qPrintable(QStringLiteral("unknown org: ") + route.name))
                << route.method << route.path << route.body;
        for (const RouteCase &route : routes(m_orgB, 999999, m_orgB)) {
            if (route.path.contains(QStringLiteral("/aidants/")))
                QTest::newRow(qPrintable(QStringLiteral("unknown aidant: ") + route.name))
                    << route.method << route.path << route.body;
        }
        QTest::newRow("malformed organisation")
            << QByteArray("GET") << kBase + QStringLiteral("/-1") << QByteArray();
        QTest::newRow("malformed aidant")
            << QByteArray("POST") << kBase + QStringLiteral("/%1/aidants/0x2/remove").arg(m_orgB)
            << QByteArray("{}");
    }

    void crossOrganisationNotFound()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const QString before = snapshot();
        const qint64 journalled = journalCount();
        const auto result = m_server->request(method, path, body, m_refBToken);
        verifyError(result, 404, QStringLiteral("not_found"));
        QCOMPARE(result.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("Cette ressource n'existe pas."));
        QCOMPARE(journalCount(), journalled);
        QCOMPARE(snapshot(), before);
    }

    void removeFromOneOfSeveralOrganisations()
    {
        const TestServer::Account aidant = newAccount(m_orgA, false, true);
        addMembership(aidant.id, m_orgB, false);
        const QString token = login(aidant);
        QVERIFY(!token.isEmpty());
        const qint64 journalled = journalCount(QStringLiteral("remove_aidant"));
        const auto result = post(aidantPath(m_orgA, aidant.id, QStringLiteral("remove")), {}, m_refAToken);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value(QStringLiteral("deactivated")).toBool(), false);
        const QJsonObject view = result.json.value(QStringLiteral("aidant")).toObject();
        QCOMPARE(view.value(QStringLiteral("active")).toBool(), true);
        QCOMPARE(idsOf(view.value(QStringLiteral("organisations")).toArray()), QList<qint64> { m_orgB });
        // Their current organisation moved to the one left; their session goes on.
        const auto me = get(QStringLiteral("/api/v1/me"), token);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json.value(QStringLiteral("aidant"))
                     .toObject()
                     .value(QStringLiteral("current_organisation_id"))
                     .toInteger(),
            m_orgB);
        QCOMPARE(journalCount(QStringLiteral("remove_aidant")), journalled + 1);
        QCOMPARE(lastJournal(QStringLiteral("remove_aidant")),
            QStringLiteral("%1|%2|aidant %3").arg(m_server->referent().id).arg(m_orgA).arg(aidant.id));
        // No longer an aidant of A: 404 for A's référent.
        verifyError(get(aidantPath(m_orgA, aidant.id), m_refAToken), 404, QStringLiteral("not_found"));
    }

    void removeLastOrganisationDeactivatesAndEndsSessions()
    {
        const TestServer::Account aidant = newAccount(m_orgA, false, true);
        const QString first = login(aidant);
        const QString second = login(aidant);
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QCOMPARE(get(QStringLiteral("/api/v1/me"), first).status, 200);
        const QString sessions
            = QStringLiteral("SELECT COUNT(*) FROM sessions WHERE aidant_id = %1;").arg(aidant.id);
        QCOMPARE(sql(sessions), QStringLiteral("2"));

        const auto result = post(aidantPath(m_orgA, aidant.id, QStringLiteral("remove")), {}, m_refAToken);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value(QStringLiteral("deactivated")).toBool(), true);
        const QJsonObject view = result.json.value(QStringLiteral("aidant")).toObject();
        QCOMPARE(view.value(QStringLiteral("active")).toBool(), false);
        QCOMPARE(idsOf(view.value(QStringLiteral("organisations")).toArray()), QList<qint64> { m_orgA });
        QCOMPARE(lastJournal(QStringLiteral("remove_aidant")),
            QStringLiteral("%1|%2|aidant %3; deactivated")
                .arg(m_server->referent().id)
                .arg(m_orgA)
                .arg(aidant.id));
        // Every session ended at once.
        QCOMPARE(sql(sessions), QStringLiteral("0"));
        QCOMPARE(get(QStringLiteral("/api/v1/me"), first).status, 401);
        QCOMPARE(get(QStringLiteral("/api/v1/me"), second).status, 401);
        // Still listed, inactive, in A.
        const auto list = get(kBase + QStringLiteral("/%1/aidants").arg(m_orgA), m_refAToken);
        bool listed = false;
        for (const QJsonValue &v : list.json.value(QStringLiteral("aidants")).toArray()) {
            if (v.toObject().value(QStringLiteral("id")).toInteger() == aidant.id)
                listed = !v.toObject().value(QStringLiteral("active")).toBool();
        }
        QVERIFY(listed);
        // Removing them again is refused, and so is reactivating an active aidant.
        QString before = snapshot();
        verifyError(post(aidantPath(m_orgA, aidant.id, QStringLiteral("remove")), {}, m_refAToken), 409,
            QStringLiteral("aidant_inactive"));
        verifyError(
            post(aidantPath(m_orgA, m_server->aidant().id, QStringLiteral("reactivate")), {}, m_refAToken),
            409, QStringLiteral("aidant_active"));
        QCOMPARE(snapshot(), before);

        // Reactivated: the old sessions stay ended, a new login works.
        const qint64 journalled = journalCount(QStringLiteral("reactivate_aidant"));
        const auto reactivated
            = post(aidantPath(m_orgA, aidant.id, QStringLiteral("reactivate")), {}, m_refAToken);
        QCOMPARE(reactivated.status, 200);
        QCOMPARE(reactivated.json.value(QStringLiteral("active")).toBool(), true);
        QCOMPARE(journalCount(QStringLiteral("reactivate_aidant")), journalled + 1);
        QCOMPARE(lastJournal(QStringLiteral("reactivate_aidant")),
            QStringLiteral("%1|%2|aidant %3").arg(m_server->referent().id).arg(m_orgA).arg(aidant.id));
        QCOMPARE(get(QStringLiteral("/api/v1/me"), first).status, 401);
        const QString again = login(aidant);
        QVERIFY(!again.isEmpty());
        QCOMPARE(get(QStringLiteral("/api/v1/me"), again).status, 200);
    }

    void changeOrganisations_data()
    {
        // Organisations by letter: A and B are managed by the caller (référent of both), E is not.
        QTest::addColumn<QString>("initial");
        QTest::addColumn<QString>("wanted"); ///< letters, or a raw JSON value after '='
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("final");
        QTest::addColumn<QString>("info"); ///< the journal's info after "aidant <id>"
        QTest::newRow("add") << "A"
                             << "AB" << 200 << ""
                             << "AB"
                             << "; added B";
        QTest::newRow("move") << "A"
                              << "B" << 200 << ""
                              << "B"
                              << "; added B; removed A";
        QTest::newRow("leave a managed one") << "AB"
                                             << "A" << 200 << ""
                                             << "A"
                                             << "; removed B";
        QTest::newRow("unmanaged kept") << "AE"
                                        << "" << 200 << ""
                                        << "E"
                                        << "; removed A";
        QTest::newRow("unchanged") << "AB"
                                   << "BA" << 200 << ""
                                   << "AB"
                                   << "";
        QTest::newRow("none left") << "A"
                                   << "" << 400 << "no_organisation"
                                   << "A"
                                   << "";
        QTest::newRow("unmanaged in the body") << "A"
                                               << "AE" << 404 << "not_found"
                                               << "A"
                                               << "";
        QTest::newRow("duplicate") << "A"
                                   << "AA" << 400 << "invalid_field"
                                   << "A"
                                   << "";
        QTest::newRow("not an id") << "A"
                                   << "=[\"1\"]" << 400 << "invalid_field"
                                   << "A"
                                   << "";
        QTest::newRow("zero") << "A"
                              << "=[0]" << 400 << "invalid_field"
                              << "A"
                              << "";
        QTest::newRow("not a list") << "A"
                                    << "=3" << 400 << "invalid_field"
                                    << "A"
                                    << "";
        QTest::newRow("missing") << "A"
                                 << "=" << 400 << "missing_field"
                                 << "A"
                                 << "";
    }

    void changeOrganisations()
    {
        QFETCH(QString, initial);
        QFETCH(QString, wanted);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QString, final);
        QFETCH(QString, info);
        static qint64 orgE = 0;
        static TestServer::Account caller;
        static QString callerToken;
        if (orgE == 0) {
            orgE = m_server->createOrganisation(QStringLiteral("Structure E"));
            caller = newAccount(m_orgA, true, true);
            addMembership(caller.id, m_orgB, true);
            callerToken = login(caller);
        }
        QVERIFY(orgE > 0 && !callerToken.isEmpty());
        const QMap<QChar, qint64> ids { { u'A', m_orgA }, { u'B', m_orgB }, { u'E', orgE } };
        const auto idsFor = [&ids](const QString &letters) {
            QList<qint64> result;
            for (const QChar c : letters)
                result.append(ids.value(c));
            return result;
        };
        const QList<qint64> initialIds = idsFor(initial);
        const TestServer::Account aidant = newAccount(initialIds.first());
        for (qsizetype i = 1; i < initialIds.size(); ++i)
            addMembership(aidant.id, initialIds.at(i), false);

        QJsonObject body;
        if (wanted.startsWith(QLatin1Char('='))) {
            const QByteArray raw = wanted.mid(1).toUtf8();
            if (!raw.isEmpty())
                body.insert(QStringLiteral("organisation_ids"),
                    QJsonDocument::fromJson("{\"v\":" + raw + "}").object().value(QStringLiteral("v")));
        } else {
            QJsonArray array;
            for (const qint64 id : idsFor(wanted))
                array.append(id);
            body.insert(QStringLiteral("organisation_ids"), array);
        }
        const QString before = snapshot();
        const qint64 journalled = journalCount(QStringLiteral("change_aidant_organisations"));
        const auto result
            = post(aidantPath(m_orgA, aidant.id, QStringLiteral("organisations")), body, callerToken);
        QList<qint64> expected = idsFor(final);
        std::sort(expected.begin(), expected.end());
        if (status != 200) {
            verifyError(result, status, error);
            QCOMPARE(snapshot(), before);
            return;
        }
        QCOMPARE(result.status, 200);
        QCOMPARE(idsOf(result.json.value(QStringLiteral("organisations")).toArray()), expected);
        const QString current = sql(
            QStringLiteral("SELECT current_organisation_id FROM aidants WHERE id = %1;").arg(aidant.id));
        QVERIFY2(expected.contains(current.toLongLong()), qPrintable(current));
        if (info.isEmpty()) {
            QCOMPARE(journalCount(QStringLiteral("change_aidant_organisations")), journalled);
            return;
        }
        QCOMPARE(journalCount(QStringLiteral("change_aidant_organisations")), journalled + 1);
        QString expectedInfo = QStringLiteral("aidant %1").arg(aidant.id) + info;
        for (auto it = ids.begin(); it != ids.end(); ++it) {
            expectedInfo.replace(
                QStringLiteral("added %1").arg(it.key()), QStringLiteral("added %1").arg(it.value()));
            expectedInfo.replace(
                QStringLiteral("removed %1").arg(it.key()), QStringLiteral("removed %1").arg(it.value()));
        }
        QCOMPARE(lastJournal(QStringLiteral("change_aidant_organisations")),
            QStringLiteral("%1|%2|").arg(caller.id).arg(m_orgA) + expectedInfo);
    }

    void leavingAnOrganisationDropsTheRoleThere()
    {
        // A co-référent of A (A keeps its fixture référent) moved by a référent of A and B to B only.
        const TestServer::Account caller = newAccount(m_orgA, true, true);
        addMembership(caller.id, m_orgB, true);
        const QString token = login(caller);
        const TestServer::Account coReferent = newAccount(m_orgA, true);
        const auto result = post(aidantPath(m_orgA, coReferent.id, QStringLiteral("organisations")),
            { { QStringLiteral("organisation_ids"), QJsonArray { m_orgB } } }, token);
        QCOMPARE(result.status, 200);
        QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM referent_organisations WHERE aidant_id = %1;")
                         .arg(coReferent.id)),
            QStringLiteral("0"));
        QCOMPARE(
            get(aidantPath(m_orgB, coReferent.id), token).json.value(QStringLiteral("referent")).toBool(),
            false);
    }

    void lastReferentRefused_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QJsonObject>("body");
        QTest::newRow("remove") << QStringLiteral("remove") << QJsonObject {};
        QTest::newRow("role removed")
            << QStringLiteral("referent") << QJsonObject { { QStringLiteral("referent"), false } };
        QTest::newRow("organisation left") << QStringLiteral("organisations") << QJsonObject {};
    }

    void lastReferentRefused()
    {
        QFETCH(QString, action);
        QFETCH(QJsonObject, body);
        // C has one référent, who is also a co-référent of D (D has another référent).
        const qint64 orgC = m_server->createOrganisation(QStringLiteral("Structure C ") + action);
        const qint64 orgD = m_server->createOrganisation(QStringLiteral("Structure D ") + action);
        const TestServer::Account only = newAccount(orgC, true, true);
        const TestServer::Account otherOfD = newAccount(orgD, true);
        addMembership(only.id, orgD, true);
        QVERIFY(otherOfD.id > 0);
        const QString token = login(only);
        if (action == QLatin1String("organisations"))
            body.insert(QStringLiteral("organisation_ids"), QJsonArray { orgD });
        const QString before = snapshot();
        const auto result = post(aidantPath(orgC, only.id, action), body, token);
        verifyError(result, 409, QStringLiteral("last_referent"));
        QCOMPARE(result.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("La structure doit garder au moins un référent."));
        QCOMPARE(snapshot(), before);

        // With a co-référent designated, the same action goes through.
        const TestServer::Account second = newAccount(orgC);
        QCOMPARE(post(aidantPath(orgC, second.id, QStringLiteral("referent")),
                     { { QStringLiteral("referent"), true } }, token)
                     .status,
            200);
        QCOMPARE(post(aidantPath(orgC, only.id, action), body, token).status, 200);
        QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM referent_organisations WHERE aidant_id = %1 AND "
                                    "organisation_id = %2;")
                         .arg(only.id)
                         .arg(orgC)),
            QStringLiteral("0"));
        // Their role in C is gone now, for this very session.
        verifyError(get(kBase + QStringLiteral("/%1").arg(orgC), token), 404, QStringLiteral("not_found"));
    }

    void coReferents()
    {
        const TestServer::Account aidant = newAccount(m_orgA, false, true);
        const QString token = login(aidant);
        verifyError(get(kBase, token), 403, QStringLiteral("not_referent"));

        const qint64 added = journalCount(QStringLiteral("add_referent"));
        const auto designated = post(aidantPath(m_orgA, aidant.id, QStringLiteral("referent")),
            { { QStringLiteral("referent"), true } }, m_refAToken);
        QCOMPARE(designated.status, 200);
        QCOMPARE(designated.json.value(QStringLiteral("referent")).toBool(), true);
        QCOMPARE(journalCount(QStringLiteral("add_referent")), added + 1);
        QCOMPARE(lastJournal(QStringLiteral("add_referent")),
            QStringLiteral("%1|%2|aidant %3").arg(m_server->referent().id).arg(m_orgA).arg(aidant.id));
        // The role is read at each request: the same session is now a référent's.
        QCOMPARE(get(kBase + QStringLiteral("/%1/aidants").arg(m_orgA), token).status, 200);
        // Designating again changes nothing.
        QCOMPARE(post(aidantPath(m_orgA, aidant.id, QStringLiteral("referent")),
                     { { QStringLiteral("referent"), true } }, m_refAToken)
                     .status,
            200);
        QCOMPARE(journalCount(QStringLiteral("add_referent")), added + 1);

        const qint64 removed = journalCount(QStringLiteral("remove_referent"));
        const auto dropped = post(aidantPath(m_orgA, aidant.id, QStringLiteral("referent")),
            { { QStringLiteral("referent"), false } }, m_refAToken);
        QCOMPARE(dropped.status, 200);
        QCOMPARE(dropped.json.value(QStringLiteral("referent")).toBool(), false);
        QCOMPARE(lastJournal(QStringLiteral("remove_referent")),
            QStringLiteral("%1|%2|aidant %3").arg(m_server->referent().id).arg(m_orgA).arg(aidant.id));
        QCOMPARE(journalCount(QStringLiteral("remove_referent")), removed + 1);
        verifyError(get(kBase + QStringLiteral("/%1/aidants").arg(m_orgA), token), 403,
            QStringLiteral("not_referent"));

        // An inactive aidant cannot be designated; a malformed body is refused.
        const TestServer::Account inactive = newAccount(m_orgA);
        QCOMPARE(sql(QStringLiteral("UPDATE aidants SET is_active = %1 WHERE id = %2;")
                         .arg(m_server->backend() == TestServer::Backend::Sqlite ? QStringLiteral("0")
                                                                                 : QStringLiteral("FALSE"))
                         .arg(inactive.id)),
            QString());
        const QString before = snapshot();
        verifyError(post(aidantPath(m_orgA, inactive.id, QStringLiteral("referent")),
                        { { QStringLiteral("referent"), true } }, m_refAToken),
            409, QStringLiteral("aidant_inactive"));
        verifyError(post(aidantPath(m_orgA, m_plain.id, QStringLiteral("referent")),
                        { { QStringLiteral("referent"), QStringLiteral("oui") } }, m_refAToken),
            400, QStringLiteral("invalid_field"));
        verifyError(post(aidantPath(m_orgA, m_plain.id, QStringLiteral("referent")), {}, m_refAToken), 400,
            QStringLiteral("missing_field"));
        QCOMPARE(snapshot(), before);
    }

    void coReferentsRemovingEachOtherAtOnce()
    {
        // Two co-référents of an organisation take each other's role at the same moment: one
        // wins, the other is refused, and the organisation keeps a référent (the organisation's
        // row is locked by both actions on PostgreSQL; SQLite serialises every write).
        for (int round = 0; round < 4; ++round) {
            const qint64 organisation
                = m_server->createOrganisation(QStringLiteral("Structure concurrente %1").arg(round));
            const TestServer::Account first = newAccount(organisation, true, true);
            const TestServer::Account second = newAccount(organisation, true, true);
            const QString firstToken = login(first);
            const QString secondToken = login(second);
            QVERIFY(!firstToken.isEmpty() && !secondToken.isEmpty());
            QNetworkAccessManager manager;
            const QByteArray body = compact({ { QStringLiteral("referent"), false } });
            const auto send = [&](qint64 subject, const QString &token) {
                QNetworkRequest request(m_server->baseUrl().resolved(
                    QUrl(aidantPath(organisation, subject, QStringLiteral("referent")))));
                request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
                request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + token.toLatin1());
                return manager.post(request, body);
            };
            QNetworkReply *a = send(second.id, firstToken);
            QNetworkReply *b = send(first.id, secondToken);
            QTRY_VERIFY_WITH_TIMEOUT(a->isFinished() && b->isFinished(), 30000);
            QList<int> statuses { a->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                b->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() };
            std::sort(statuses.begin(), statuses.end());
            QCOMPARE(statuses.first(), 200);
            QCOMPARE(statuses.last(), 403); // the loser is référent of nothing any more
            QCOMPARE(
                sql(QStringLiteral("SELECT COUNT(*) FROM referent_organisations WHERE organisation_id = %1;")
                        .arg(organisation)),
                QStringLiteral("1"));
            QCOMPARE(sql(QStringLiteral("SELECT COUNT(*) FROM journal WHERE action = 'remove_referent' AND "
                                        "organisation_id = %1;")
                             .arg(organisation)),
                QStringLiteral("1"));
            delete a;
            delete b;
        }
    }

    void roleLostMidSession_data()
    {
        QTest::addColumn<bool>("behindTheServersBack");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("deleted in the database: référent of nothing")
            << true << 403 << QStringLiteral("not_referent");
        QTest::newRow("removed by a co-référent: still référent of B")
            << false << 404 << QStringLiteral("not_found");
    }

    void roleLostMidSession()
    {
        QFETCH(bool, behindTheServersBack);
        QFETCH(int, status);
        QFETCH(QString, error);
        const TestServer::Account referent = newAccount(m_orgA, true, true);
        if (!behindTheServersBack)
            addMembership(referent.id, m_orgB, true);
        const QString token = login(referent);
        QCOMPARE(get(kBase + QStringLiteral("/%1").arg(m_orgA), token).status, 200);
        if (behindTheServersBack) {
            QCOMPARE(sql(QStringLiteral("DELETE FROM referent_organisations WHERE aidant_id = %1;")
                             .arg(referent.id)),
                QString());
        } else {
            QCOMPARE(post(aidantPath(m_orgA, referent.id, QStringLiteral("referent")),
                         { { QStringLiteral("referent"), false } }, m_refAToken)
                         .status,
                200);
        }
        for (const RouteCase &route : routes(m_orgA, m_server->aidant().id, m_orgA)) {
            const QString before = snapshot();
            const auto result = m_server->request(route.method, route.path, route.body, token);
            QVERIFY2(result.status == status, qPrintable(route.name));
            QCOMPARE(result.json.value(QStringLiteral("error")).toString(), error);
            QCOMPARE(snapshot(), before);
        }
    }
};

QTEST_GUILESS_MAIN(TestReferentApi)
#include "testReferentApi.moc"
