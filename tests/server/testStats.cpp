#include "Demarches.h"
#include "Stats.h"
#include "TestServer.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QXmlStreamReader>
#include <QtTest>

namespace {
const QString kUse = QStringLiteral("use_autorisation");

/// One use_autorisation entry the test writes: organisation key, usager, démarche.
struct Use
{
    QString organisation;
    int usager;
    QString demarche;
};

QString idList(const QList<qint64> &ids)
{
    QStringList parts;
    for (const qint64 id : ids)
        parts.append(QString::number(id));
    return parts.isEmpty() ? QStringLiteral("-1") : parts.join(QLatin1Char(','));
}
} // namespace

/// The public statistics (docs/stats.md) against the real server process, on SQLite (StatsSqlite)
/// and PostgreSQL (StatsPostgres): a varied dataset (organisations in several départements and
/// régions, overseas and Corsica, an excluded one, an inactive one, aidants with and without a device,
/// a référent non-aidant, a deactivated aidant, an aidant of two organisations, habilitation requests
/// in several states, mandats and use_autorisation entries), every figure compared with a recount
/// made here with the test's own SQL, per scope.
class TestStats : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QMap<QString, qint64> m_orgs; ///< key → id
    QMap<QString, QString> m_postcodes; ///< key → postcode
    TestServer::Account m_referentP; ///< référent of P, with a card (habilité)
    QString m_referentPToken;
    QList<Use> m_uses;
    int m_accounts = 0;

    QString sql(const QString &statement)
    {
        QString out;
        if (m_server->runSqlBehindServer(statement, &out) != 0)
            return QStringLiteral("<sql failed: %1>").arg(out);
        return out.trimmed();
    }
    qint64 number(const QString &statement) { return sql(statement).toLongLong(); }

    qint64 createOrganisation(const QString &key, const QString &postcode)
    {
        QString output;
        QStringList args { QStringLiteral("create-organisation"), QStringLiteral("--name"),
            QStringLiteral("Structure %1").arg(key), QStringLiteral("--siret"),
            QStringLiteral("21690123400019") };
        if (!postcode.isEmpty())
            args << QStringLiteral("--postcode") << postcode;
        if (m_server->runAdmin(args, &output) != 0)
            return 0;
        m_orgs.insert(key, output.trimmed().toLongLong());
        m_postcodes.insert(key, postcode);
        return m_orgs.value(key);
    }

    TestServer::Account account(const QString &org, bool withCard, bool referent = false)
    {
        ++m_accounts;
        return m_server->createAccount(QStringLiteral("stats%1@stats.example").arg(m_accounts),
            QStringLiteral("Prénom%1").arg(m_accounts), QStringLiteral("Nom%1").arg(m_accounts), referent,
            withCard, m_orgs.value(org));
    }

    QString login(const TestServer::Account &account)
    {
        const auto result = m_server->postJson(QStringLiteral("/api/v1/auth/login"),
            { { QStringLiteral("email"), account.email },
                { QStringLiteral("code"), m_server->nextCode(account) } });
        return result.status == 200 ? result.json.value(QStringLiteral("token")).toString() : QString();
    }

    /// A GET with an optional If-None-Match header.
    TestServer::HttpResult get(const QString &path, const QByteArray &ifNoneMatch = {})
    {
        QNetworkAccessManager manager;
        QNetworkRequest request(m_server->baseUrl().resolved(QUrl(path)));
        if (!ifNoneMatch.isEmpty())
            request.setRawHeader(QByteArrayLiteral("If-None-Match"), ifNoneMatch);
        QNetworkReply *reply = manager.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        TestServer::HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.json = QJsonDocument::fromJson(result.body).object();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            result.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return result;
    }

    /// The figures once the server's snapshot was counted after @p sinceMs (refresh_seconds=1).
    StatsFigures freshFigures(const QString &path, qint64 sinceMs)
    {
        StatsFigures figures;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 15000) {
            const auto result = get(path);
            if (result.status != 200)
                return figures;
            figures = StatsFigures::fromJson(result.json);
            if (figures.computedAtMs > sinceMs)
                return figures;
            QTest::qWait(100);
        }
        return figures;
    }

    /// The figures of @p organisationIds recounted here from the definitions of docs/stats.md.
    StatsFigures recount(const QList<qint64> &organisationIds)
    {
        const QString in = idList(organisationIds);
        StatsFigures f;
        f.demarchesRealisees = number(QStringLiteral(
            "SELECT count(*) FROM journal WHERE action = 'use_autorisation' AND organisation_id IN (%1);")
                                          .arg(in));
        f.personnesAccompagnees
            = number(QStringLiteral("SELECT count(DISTINCT usager_id) FROM journal WHERE"
                                    " action = 'use_autorisation' AND organisation_id IN (%1);")
                         .arg(in));
        f.mandatsCrees
            = number(QStringLiteral("SELECT count(*) FROM mandats WHERE organisation_id IN (%1);").arg(in));
        const QString device
            = QStringLiteral("EXISTS (SELECT 1 FROM otp_devices d WHERE d.aidant_id = a.id AND"
                             " d.confirmed AND d.retired_at IS NULL)");
        const QString member = QStringLiteral("FROM aidants a WHERE a.is_active AND a.can_create_mandats AND "
                                              "EXISTS (SELECT 1 FROM aidant_organisations"
                                              " ao JOIN organisations o ON o.id = ao.organisation_id WHERE "
                                              "ao.aidant_id = a.id AND o.is_active AND"
                                              " o.id IN (%1))")
                                   .arg(in);
        f.aidantsHabilites = number(QStringLiteral("SELECT count(*) %1 AND %2;").arg(member, device));
        f.aidantsEnCoursHabilitation
            = number(QStringLiteral("SELECT count(*) %1 AND NOT %2;").arg(member, device))
            + number(QStringLiteral(
                "SELECT count(DISTINCT r.email_normalized) FROM habilitation_requests r JOIN"
                " organisations o ON o.id = r.organisation_id WHERE o.is_active AND o.id IN (%1)"
                " AND (r.status IN ('processing', 'processing_p2p') OR (r.status = 'validated'"
                " AND r.aidant_id IS NULL));")
                         .arg(in));
        const QString orgHabilitee = QStringLiteral(
            "EXISTS (SELECT 1 FROM aidant_organisations ao JOIN aidants a ON a.id = ao.aidant_id"
            " WHERE ao.organisation_id = o.id AND a.is_active AND a.can_create_mandats AND %1)")
                                         .arg(device);
        const QString orgPending = QStringLiteral(
            "(EXISTS (SELECT 1 FROM aidant_organisations ao JOIN aidants a ON a.id = ao.aidant_id"
            " WHERE ao.organisation_id = o.id AND a.is_active AND a.can_create_mandats) OR EXISTS"
            " (SELECT 1 FROM habilitation_requests r WHERE r.organisation_id = o.id AND (r.status IN"
            " ('waiting_list', 'new', 'processing', 'processing_p2p') OR (r.status = 'validated'"
            " AND r.aidant_id IS NULL))))");
        f.structuresHabilitees = number(
            QStringLiteral("SELECT count(*) FROM organisations o WHERE o.is_active AND o.id IN (%1) AND %2;")
                .arg(in, orgHabilitee));
        f.structuresEnCoursHabilitation = number(QStringLiteral(
            "SELECT count(*) FROM organisations o WHERE o.is_active AND o.id IN (%1) AND NOT %2 AND %3;")
                                                     .arg(in, orgHabilitee, orgPending));
        for (const Demarche &d : Demarches::all()) {
            f.demarchesParType.append({ d.code,
                number(QStringLiteral("SELECT count(*) FROM journal WHERE action = 'use_autorisation' AND"
                                      " demarches = '%1' AND organisation_id IN (%2);")
                           .arg(d.code, in)) });
        }
        return f;
    }

    /// The organisations of a public scope, from the test's own postcodes (the excluded X left out).
    QList<qint64> organisationsOf(const QString &scope)
    {
        // Département and région of each test organisation, written out by hand here.
        const QMap<QString, QStringList> scopesByKey {
            { QStringLiteral("F"), { QStringLiteral("departement:69"), QStringLiteral("region:84") } },
            { QStringLiteral("P"), { QStringLiteral("departement:75"), QStringLiteral("region:11") } },
            { QStringLiteral("I"), { QStringLiteral("departement:75"), QStringLiteral("region:11") } },
            { QStringLiteral("M"), { QStringLiteral("departement:93"), QStringLiteral("region:11") } },
            { QStringLiteral("A"), { QStringLiteral("departement:2A"), QStringLiteral("region:94") } },
            { QStringLiteral("G"), { QStringLiteral("departement:971"), QStringLiteral("region:01") } },
            { QStringLiteral("N"), {} },
        };
        QList<qint64> ids;
        for (auto it = scopesByKey.begin(); it != scopesByKey.end(); ++it) {
            if (scope == QLatin1String("national") || it.value().contains(scope))
                ids.append(m_orgs.value(it.key()));
        }
        return ids;
    }

    static void compareFigures(const StatsFigures &actual, const StatsFigures &expected)
    {
        QCOMPARE(actual.demarchesRealisees, expected.demarchesRealisees);
        QCOMPARE(actual.personnesAccompagnees, expected.personnesAccompagnees);
        QCOMPARE(actual.mandatsCrees, expected.mandatsCrees);
        QCOMPARE(actual.aidantsHabilites, expected.aidantsHabilites);
        QCOMPARE(actual.aidantsEnCoursHabilitation, expected.aidantsEnCoursHabilitation);
        QCOMPARE(actual.structuresHabilitees, expected.structuresHabilitees);
        QCOMPARE(actual.structuresEnCoursHabilitation, expected.structuresEnCoursHabilitation);
        QCOMPARE(actual.demarchesParType.size(), expected.demarchesParType.size());
        for (qsizetype i = 0; i < actual.demarchesParType.size(); ++i) {
            QCOMPARE(actual.demarchesParType.at(i).code, expected.demarchesParType.at(i).code);
            QCOMPARE(actual.demarchesParType.at(i).count, expected.demarchesParType.at(i).count);
        }
    }

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.extraConfig = QStringLiteral("[stats]\nrefresh_seconds=1\n");
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_orgs.insert(QStringLiteral("F"), m_server->organisationId()); // 69003
        QVERIFY(createOrganisation(QStringLiteral("P"), QStringLiteral("75011")) > 0);
        QVERIFY(createOrganisation(QStringLiteral("I"), QStringLiteral("75002")) > 0);
        QVERIFY(createOrganisation(QStringLiteral("M"), QStringLiteral("93100")) > 0);
        QVERIFY(createOrganisation(QStringLiteral("A"), QStringLiteral("20000")) > 0);
        QVERIFY(createOrganisation(QStringLiteral("G"), QStringLiteral("97110")) > 0);
        QVERIFY(createOrganisation(QStringLiteral("X"), QStringLiteral("20200")) > 0);
        QVERIFY(createOrganisation(QStringLiteral("N"), QString()) > 0);
        QCOMPARE(m_server->runAdmin({ QStringLiteral("set-stats-exclusion"), QStringLiteral("--organisation"),
                     QString::number(m_orgs.value(QStringLiteral("X"))) }),
            0);

        // Aidants: habilités (a card), en cours (none), a référent non-aidant, a deactivated one, one
        // aidant of two organisations, one of an inactive organisation, one of the excluded one.
        m_referentP = account(QStringLiteral("P"), true, true);
        const auto pendingP = account(QStringLiteral("P"), false);
        const auto nonAidantP = account(QStringLiteral("P"), true);
        const auto deactivatedP = account(QStringLiteral("P"), true);
        const auto pendingM = account(QStringLiteral("M"), false);
        const auto habiliteA = account(QStringLiteral("A"), true);
        const auto habiliteX = account(QStringLiteral("X"), true);
        const auto habiliteI = account(QStringLiteral("I"), true);
        for (const auto &a :
            { m_referentP, pendingP, nonAidantP, deactivatedP, pendingM, habiliteA, habiliteX, habiliteI })
            QVERIFY(a.id > 0);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QString p = QString::number(m_orgs.value(QStringLiteral("P")));
        const QString g = QString::number(m_orgs.value(QStringLiteral("G")));
        const QString n = QString::number(m_orgs.value(QStringLiteral("N")));
        QStringList statements {
            QStringLiteral("UPDATE aidants SET can_create_mandats = FALSE WHERE id = %1;").arg(nonAidantP.id),
            QStringLiteral("UPDATE aidants SET is_active = FALSE WHERE id = %1;").arg(deactivatedP.id),
            QStringLiteral("UPDATE organisations SET is_active = FALSE WHERE id = %1;")
                .arg(m_orgs.value(QStringLiteral("I"))),
            QStringLiteral("INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (%1, %2);")
                .arg(m_referentP.id)
                .arg(m_orgs.value(QStringLiteral("A"))),
        };
        // Habilitation requests: in training (processing, processing_p2p), open (new, waiting_list),
        // closed (refused), validated with its account.
        int request = 0;
        const auto addRequest
            = [&](const QString &org, const QString &status, const QString &email, qint64 aidant) {
                  ++request;
                  statements.append(QStringLiteral(
                      "INSERT INTO habilitation_requests (organisation_id, first_name, last_name, email,"
                      " email_normalized, profession, status, created_at, updated_at, aidant_id)"
                      " VALUES (%1, 'Prénom', 'Nom', '%2', '%2', 'Agent', '%3', %4, %4, %5);")
                                        .arg(org, email, status)
                                        .arg(now)
                                        .arg(aidant == 0 ? QStringLiteral("NULL") : QString::number(aidant)));
              };
        addRequest(g, QStringLiteral("processing"), QStringLiteral("r1@stats.example"), 0);
        addRequest(g, QStringLiteral("new"), QStringLiteral("r2@stats.example"), 0);
        addRequest(g, QStringLiteral("refused"), QStringLiteral("r3@stats.example"), 0);
        addRequest(p, QStringLiteral("processing_p2p"), QStringLiteral("r4@stats.example"), 0);
        addRequest(p, QStringLiteral("validated"), m_referentP.email, m_referentP.id);
        addRequest(n, QStringLiteral("waiting_list"), QStringLiteral("r5@stats.example"), 0);
        // Usagers, mandats and use_autorisation entries (and one other entry that is no démarche).
        for (int u = 1; u <= 5; ++u) {
            statements.append(QStringLiteral(
                "INSERT INTO usagers (id, sub_hash, given_name, family_name, birthdate, gender,"
                " birthcountry, created_at, updated_at) VALUES (%1, 'stats-sub-%1', 'Usager',"
                " 'Test', '1970-01-01', 'female', '99100', %2, %2);")
                                  .arg(9000 + u)
                                  .arg(now));
        }
        const QList<std::pair<QString, int>> mandats {
            { QStringLiteral("P"), 1 },
            { QStringLiteral("P"), 2 },
            { QStringLiteral("P"), 3 },
            { QStringLiteral("M"), 1 },
            { QStringLiteral("A"), 4 },
            { QStringLiteral("X"), 5 },
            { QStringLiteral("X"), 5 },
            { QStringLiteral("I"), 2 },
        };
        int mandatId = 9000;
        for (const auto &[org, usager] : mandats) {
            statements.append(QStringLiteral(
                "INSERT INTO mandats (id, organisation_id, usager_id, aidant_id, duration, remote,"
                " created_at, expires_at, template_version) VALUES (%1, %2, %3, %4, 'long', FALSE,"
                " %5, %6, 1);")
                                  .arg(++mandatId)
                                  .arg(m_orgs.value(org))
                                  .arg(9000 + usager)
                                  .arg(m_referentP.id)
                                  .arg(now)
                                  .arg(now + qint64(365) * 86400000));
        }
        m_uses = {
            { QStringLiteral("P"), 1, QStringLiteral("papiers") },
            { QStringLiteral("P"), 1, QStringLiteral("papiers") },
            { QStringLiteral("P"), 2, QStringLiteral("social") },
            { QStringLiteral("P"), 3, QStringLiteral("argent") },
            { QStringLiteral("M"), 1, QStringLiteral("famille") },
            { QStringLiteral("A"), 4, QStringLiteral("papiers") },
            { QStringLiteral("X"), 5, QStringLiteral("logement") },
            { QStringLiteral("X"), 5, QStringLiteral("logement") },
            { QStringLiteral("X"), 5, QStringLiteral("logement") },
            { QStringLiteral("I"), 2, QStringLiteral("justice") },
        };
        for (const Use &use : std::as_const(m_uses)) {
            statements.append(m_server->journalRowSql({ kUse, m_orgs.value(use.organisation), m_referentP.id,
                9000 + use.usager, use.demarche, now }));
        }
        statements.append(m_server->journalRowSql({ QStringLiteral("create_mandat"),
            m_orgs.value(QStringLiteral("P")), 0, 9003, QStringLiteral("transports"), now }));
        QString output;
        QCOMPARE(m_server->runSqlBehindServer(statements.join(QLatin1Char('\n')), &output), 0);
        m_referentPToken = login(m_referentP);
        QVERIFY(!m_referentPToken.isEmpty());
    }

    void figuresEqualARecount_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("path");
        for (const char *scope : { "national", "departement:75", "departement:93", "departement:69",
                 "departement:2A", "departement:2B", "departement:971", "departement:13", "region:11",
                 "region:94", "region:01", "region:84", "region:93" }) {
            const QString s = QString::fromLatin1(scope);
            const QString path = s == QLatin1String("national")
                ? QStringLiteral("/api/v1/stats")
                : QStringLiteral("/api/v1/stats?%1=%2")
                      .arg(s.section(QLatin1Char(':'), 0, 0), s.section(QLatin1Char(':'), 1));
            QTest::newRow(scope) << s << path;
        }
    }
    void figuresEqualARecount()
    {
        QFETCH(QString, scope);
        QFETCH(QString, path);
        const qint64 since = QDateTime::currentMSecsSinceEpoch();
        const StatsFigures figures = freshFigures(path, since);
        QVERIFY2(figures.computedAtMs > since, "the snapshot was not counted again");
        QCOMPARE(figures.scope, scope);
        compareFigures(figures, recount(organisationsOf(scope)));
    }

    void nationalFiguresAreTheSeededOnes()
    {
        // Not only equal to the recount: the recount sees what was seeded (no 0 == 0).
        const StatsFigures figures = freshFigures(QStringLiteral("/api/v1/stats"), 0);
        qint64 uses = 0;
        QSet<int> usagers;
        for (const Use &use : std::as_const(m_uses)) {
            if (use.organisation != QLatin1String("X")) {
                ++uses;
                usagers.insert(use.usager);
            }
        }
        QCOMPARE(figures.demarchesRealisees, uses);
        QCOMPARE(figures.personnesAccompagnees, qint64(usagers.size()));
        QVERIFY(figures.mandatsCrees > 0);
        QVERIFY(figures.aidantsHabilites > 0);
        QVERIFY(figures.aidantsEnCoursHabilitation > 0);
        QVERIFY(figures.structuresHabilitees > 0);
        QVERIFY(figures.structuresEnCoursHabilitation > 0);
    }

    void excludedOrganisationIsNotCounted()
    {
        const qint64 x = m_orgs.value(QStringLiteral("X"));
        const StatsFigures withX = recount(organisationsOf(QStringLiteral("national")) + QList<qint64> { x });
        const StatsFigures withoutX = recount(organisationsOf(QStringLiteral("national")));
        QVERIFY(withX.demarchesRealisees > withoutX.demarchesRealisees);
        QCOMPARE(
            freshFigures(QStringLiteral("/api/v1/stats"), 0).demarchesRealisees, withoutX.demarchesRealisees);
        QCOMPARE(freshFigures(QStringLiteral("/api/v1/stats?departement=2B"), 0).demarchesRealisees, 0);

        // Counted again with --include, left out again without it.
        QCOMPARE(m_server->runAdmin({ QStringLiteral("set-stats-exclusion"), QStringLiteral("--organisation"),
                     QString::number(x), QStringLiteral("--include") }),
            0);
        qint64 since = QDateTime::currentMSecsSinceEpoch();
        compareFigures(freshFigures(QStringLiteral("/api/v1/stats"), since), withX);
        QCOMPARE(m_server->runAdmin({ QStringLiteral("set-stats-exclusion"), QStringLiteral("--organisation"),
                     QString::number(x) }),
            0);
        since = QDateTime::currentMSecsSinceEpoch();
        compareFigures(freshFigures(QStringLiteral("/api/v1/stats"), since), withoutX);
        QVERIFY(m_server->runAdmin({ QStringLiteral("set-stats-exclusion"), QStringLiteral("--organisation"),
                    QStringLiteral("999999") })
            != 0);
    }

    void newEntriesAreCountedAtTheNextRefresh()
    {
        const StatsFigures before = freshFigures(QStringLiteral("/api/v1/stats?departement=93"), 0);
        QCOMPARE(sql(m_server->journalRowSql(
                     { kUse, m_orgs.value(QStringLiteral("M")), 0, 9005, QStringLiteral("travail"), 1 })),
            QString());
        const StatsFigures after = freshFigures(
            QStringLiteral("/api/v1/stats?departement=93"), QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(after.demarchesRealisees, before.demarchesRealisees + 1);
        QCOMPARE(after.personnesAccompagnees, before.personnesAccompagnees + 1);
        compareFigures(after, recount(organisationsOf(QStringLiteral("departement:93"))));
    }

    void cachingWithETag()
    {
        const auto first = get(QStringLiteral("/api/v1/stats?region=11"));
        QCOMPARE(first.status, 200);
        QVERIFY(first.headers.value("content-type").startsWith("application/json"));
        const QByteArray etag = first.headers.value("etag");
        QVERIFY(etag.startsWith('"') && etag.endsWith('"') && etag.size() > 10);
        QCOMPARE(first.headers.value("cache-control"), QByteArrayLiteral("public, max-age=1"));
        // The same ETag until the next count; a match is 304 without a body.
        const auto again = get(QStringLiteral("/api/v1/stats?region=11"), etag);
        if (again.status == 200) {
            QVERIFY(again.headers.value("etag") != etag); // counted again meanwhile
        } else {
            QCOMPARE(again.status, 304);
            QVERIFY(again.body.isEmpty());
            QCOMPARE(again.headers.value("etag"), etag);
            QCOMPARE(again.headers.value("cache-control"), QByteArrayLiteral("public, max-age=1"));
        }
        const auto weak = get(QStringLiteral("/api/v1/stats?region=11"), "\"other\", W/" + etag);
        QVERIFY(weak.status == 304 || weak.headers.value("etag") != etag);
        const auto other = get(QStringLiteral("/api/v1/stats?region=11"), QByteArrayLiteral("\"other\""));
        QCOMPARE(other.status, 200);
        QCOMPARE(StatsFigures::fromJson(other.json).scope, QStringLiteral("region:11"));
        // Another scope has another ETag.
        QVERIFY(get(QStringLiteral("/api/v1/stats?region=94")).headers.value("etag") != etag);
    }

    void badFilterIs400_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("unknown département") << QStringLiteral("departement=99");
        QTest::newRow("Corsica 20") << QStringLiteral("departement=20");
        QTest::newRow("2C") << QStringLiteral("departement=2C");
        QTest::newRow("overseas 977") << QStringLiteral("departement=977");
        QTest::newRow("unknown région") << QStringLiteral("region=12");
        QTest::newRow("région as a name") << QStringLiteral("region=Bretagne");
        QTest::newRow("both") << QStringLiteral("departement=75&region=11");
        QTest::newRow("markup") << QStringLiteral("departement=%3Cb%3E");
    }
    void badFilterIs400()
    {
        QFETCH(QString, query);
        const auto result = get(QStringLiteral("/api/v1/stats?") + query);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_filter"));
        QVERIFY(!result.json.value(QStringLiteral("message")).toString().isEmpty());
        QCOMPARE(get(QStringLiteral("/stats?") + query).status, 400);
    }

    void referentFiguresOfTheirOrganisation()
    {
        const qint64 p = m_orgs.value(QStringLiteral("P"));
        const auto result = m_server->request(
            "GET", QStringLiteral("/api/v1/referent/organisations/%1/stats").arg(p), {}, m_referentPToken);
        QCOMPARE(result.status, 200);
        const StatsFigures figures = StatsFigures::fromJson(result.json);
        QCOMPARE(figures.scope, QStringLiteral("organisation:%1").arg(p));
        compareFigures(figures, recount({ p }));
        QVERIFY(figures.demarchesRealisees > 0);
        // An excluded organisation's référent still sees its own figures: counted on demand, now.
        QCOMPARE(sql(QStringLiteral(
                     "INSERT INTO referent_organisations (aidant_id, organisation_id) VALUES (%1, %2);"
                     "INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (%1, %2);")
                         .arg(m_referentP.id)
                         .arg(m_orgs.value(QStringLiteral("X")))),
            QString());
        const auto excluded = m_server->request("GET",
            QStringLiteral("/api/v1/referent/organisations/%1/stats").arg(m_orgs.value(QStringLiteral("X"))),
            {}, m_referentPToken);
        QCOMPARE(excluded.status, 200);
        compareFigures(StatsFigures::fromJson(excluded.json), recount({ m_orgs.value(QStringLiteral("X")) }));
        QCOMPARE(sql(QStringLiteral(
                     "DELETE FROM referent_organisations WHERE aidant_id = %1 AND organisation_id = %2;"
                     "DELETE FROM aidant_organisations WHERE aidant_id = %1 AND organisation_id = %2;")
                         .arg(m_referentP.id)
                         .arg(m_orgs.value(QStringLiteral("X")))),
            QString());
    }

    void referentRouteRefusals_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QString>("org");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        const auto row
            = [](const char *name, const char *who, const char *org, int status, const char *error) {
                  QTest::newRow(name) << QString::fromUtf8(who) << QString::fromUtf8(org) << status
                                      << QString::fromUtf8(error);
              };
        row("not a référent", "aidant", "F", 403, "not_referent");
        row("another organisation", "referentP", "M", 404, "not_found");
        row("référent of F asks P", "referentF", "P", 404, "not_found");
        row("an unknown organisation", "referentP", "999999", 404, "not_found");
        row("not an id", "referentP", "abc", 404, "not_found");
        row("no session", "", "P", 401, "unauthenticated");
    }
    void referentRouteRefusals()
    {
        QFETCH(QString, who);
        QFETCH(QString, org);
        QFETCH(int, status);
        QFETCH(QString, error);
        QString token;
        if (who == QLatin1String("aidant"))
            token = login(m_server->aidant());
        else if (who == QLatin1String("referentF"))
            token = login(m_server->referent());
        else if (who == QLatin1String("referentP"))
            token = m_referentPToken;
        QVERIFY(who.isEmpty() || !token.isEmpty());
        const QString id = m_orgs.contains(org) ? QString::number(m_orgs.value(org)) : org;
        const auto result = m_server->request(
            "GET", QStringLiteral("/api/v1/referent/organisations/%1/stats").arg(id), {}, token);
        QCOMPARE(result.status, status);
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(), error);
        QVERIFY(!result.json.contains(QStringLiteral("demarches_realisees")));
    }

    void statsPageIsAccessibleHtml()
    {
        const StatsFigures figures = freshFigures(QStringLiteral("/api/v1/stats"), 0);
        const auto result = get(QStringLiteral("/stats"));
        QCOMPARE(result.status, 200);
        QVERIFY(result.headers.value("content-type").startsWith("text/html"));
        // Well-formed (the page is XHTML-compatible), with the table and the chart's text alternative.
        QXmlStreamReader xml(result.body);
        QStringList rowHeaders;
        QStringList cells;
        QStringList chartTitles;
        bool inTbody = false;
        bool svgSeen = false;
        int tables = 0;
        QString element;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                element = xml.name().toString();
                if (element == QLatin1String("table"))
                    ++tables;
                if (element == QLatin1String("tbody"))
                    inTbody = true;
                if (element == QLatin1String("svg")) {
                    svgSeen = true;
                    QCOMPARE(
                        xml.attributes().value(QStringLiteral("role")).toString(), QStringLiteral("img"));
                    const QString label = xml.attributes().value(QStringLiteral("aria-label")).toString();
                    for (const Demarche &d : Demarches::all())
                        QVERIFY2(label.contains(d.title), qPrintable(d.title));
                }
                if (element == QLatin1String("title") && svgSeen)
                    chartTitles.append(xml.readElementText());
                else if (inTbody && element == QLatin1String("th"))
                    rowHeaders.append(xml.readElementText());
                else if (inTbody && element == QLatin1String("td"))
                    cells.append(xml.readElementText());
            } else if (xml.isEndElement() && xml.name() == QLatin1String("tbody")) {
                inTbody = false;
            }
        }
        QVERIFY2(!xml.hasError(),
            qPrintable(xml.errorString() + QStringLiteral(" at line %1").arg(xml.lineNumber())));
        QCOMPARE(tables, 1);
        QVERIFY(svgSeen);
        const QLocale french(QLocale::French, QLocale::France);
        QStringList titles;
        QStringList counts;
        for (const auto &d : figures.demarchesParType) {
            titles.append(Demarches::find(d.code)->title);
            counts.append(french.toString(d.count));
        }
        QCOMPARE(rowHeaders, titles);
        QCOMPARE(cells, counts);
        QCOMPARE(chartTitles.size(), titles.size() + 1); // the chart's, then one per bar
        for (qsizetype i = 0; i < titles.size(); ++i)
            QCOMPARE(chartTitles.at(i + 1), QStringLiteral("%1 : %2").arg(titles.at(i), counts.at(i)));
        QVERIFY(QString::fromUtf8(result.body).contains(french.toString(figures.demarchesRealisees)));
        // The filtered page says where, and its filter form shows the région chosen (a GET form, no script).
        const QString corse = QString::fromUtf8(get(QStringLiteral("/stats?region=94")).body);
        QVERIFY(corse.contains(QStringLiteral("région Corse")));
        QVERIFY(corse.contains(QStringLiteral("<option value=\"94\" selected=\"selected\">Corse</option>")));
        QVERIFY(corse.contains(QStringLiteral("<a href=\"/stats\">")));
        QVERIFY(!QString::fromUtf8(result.body).contains(QStringLiteral("selected=")));
    }
};

QTEST_GUILESS_MAIN(TestStats)
#include "testStats.moc"
