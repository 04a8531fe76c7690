// Mes mandats on the server: the sync feed, revocation, renewal, organisation switch, and the 404 of
// every endpoint for another organisation's objects; against the real server (SQLite and PostgreSQL).
#include "Gunzip.h"
#include "MandatFixture.h"
#include "MandatRules.h"
#include "Sync.h"

#include <QCborMap>
#include <QCborValue>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

#include <map>
#include <memory>

namespace {
/// What a client holds after applying sync pages (the offline cache's logic, reduced to a map).
struct ClientState
{
    QString cursor;
    std::map<qint64, MandatInfo> mandats;
    std::map<qint64, UsagerIdentity> usagers;
    int pages = 0;
    bool lastReset = false;

    void apply(const SyncPage &page)
    {
        ++pages;
        lastReset = page.reset;
        if (page.reset) {
            mandats.clear();
            usagers.clear();
        }
        for (const UsagerIdentity &u : page.usagers)
            usagers[u.id] = u;
        for (const MandatInfo &m : page.mandats)
            mandats[m.id] = m;
        for (const qint64 id : page.removedMandatIds)
            mandats.erase(id);
        for (const qint64 id : page.removedUsagerIds)
            usagers.erase(id);
        cursor = page.cursor;
    }
};
} // namespace

class TestMandatsSync : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<MandatFixture> m_fixture;
    using Aidant = MandatFixture::Aidant;
    std::unique_ptr<Aidant> m_encodingAidant; // encodingsCarryTheSamePage: one aidant for every row

    SyncPage syncPage(const Aidant &a, const QString &cursor, const QUrl &base = {}, int *status = nullptr)
    {
        QString path = QStringLiteral("/api/v1/sync");
        if (!cursor.isEmpty())
            path += QStringLiteral("?cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        const auto result = m_server->request("GET", path, {}, a.token, base);
        if (status)
            *status = result.status;
        return SyncPage::fromJson(result.json);
    }

    /// Syncs until has_more is false.
    void syncAll(const Aidant &a, ClientState &state, const QUrl &base = {})
    {
        for (int i = 0; i < 100; ++i) {
            const SyncPage page = syncPage(a, state.cursor, base);
            state.apply(page);
            if (!page.hasMore)
                return;
        }
        QFAIL("sync did not converge");
    }

    MandatInfo mandat(const Aidant &a, const QStringList &demarches, const QString &login)
    {
        return MandatInfo::fromJson(m_fixture->createMandat(a, demarches, login));
    }

    qint64 otherOrganisation()
    {
        const qint64 existing = m_fixture->count(
            QStringLiteral("SELECT COUNT(*) FROM organisations WHERE name = 'Autre structure'"));
        if (existing == 0) {
            m_server->runSqlBehindServer(QStringLiteral(
                "INSERT INTO organisations (name, allowed_demarches, created_at) VALUES ('Autre structure', "
                "'papiers,famille,social,travail,logement,transports,argent,justice,etranger,loisirs', 0);"));
        }
        return m_fixture->count(
            QStringLiteral("SELECT MAX(id) FROM organisations WHERE name = 'Autre structure'"));
    }

    /// Moves @p a to the other organisation (member of it, current), behind the server.
    void moveToOtherOrganisation(const Aidant &a)
    {
        const qint64 other = otherOrganisation();
        QCOMPARE(m_server->runSqlBehindServer(QStringLiteral(
                     "INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (%1, %2);"
                     "UPDATE aidants SET current_organisation_id = %2 WHERE id = %1;")
                                                  .arg(a.account.id)
                                                  .arg(other)),
            0);
    }

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.franceConnect = true;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_fixture = std::make_unique<MandatFixture>(*m_server);
    }

    void cleanupTestCase()
    {
        m_fixture.reset();
        m_server.reset();
    }

    void firstAndIncrementalSync()
    {
        const Aidant a = m_fixture->newAidant();
        ClientState state;
        syncAll(a, state);
        QVERIFY(state.lastReset);
        const size_t before = state.mandats.size();
        const MandatInfo created
            = mandat(a, { QStringLiteral("papiers"), QStringLiteral("social") }, QStringLiteral("test"));
        QVERIFY(created.id > 0);

        const SyncPage incremental = syncPage(a, state.cursor);
        QVERIFY(!incremental.reset);
        QCOMPARE(incremental.mandats.size(), 1);
        QCOMPARE(incremental.mandats.first().id, created.id);
        QCOMPARE(incremental.mandats.first().attestationHash, created.attestationHash);
        QCOMPARE(incremental.usagers.size(), 1);
        QCOMPARE(incremental.usagers.first().familyName, QStringLiteral("DUBOIS"));
        state.apply(incremental);
        QCOMPARE(state.mandats.size(), before + 1);
        // The mandat as synced hashes to its printed hash: a reprint from the cache is identical.
        MandatInfo cached = state.mandats.at(created.id);
        cached.usager = state.usagers.at(cached.usager.id);
        QCOMPARE(Attestation::hash(cached), created.attestationHash);

        // Nothing changed: an empty page, and the cursor stays usable.
        const SyncPage empty = syncPage(a, state.cursor);
        QVERIFY(!empty.reset);
        QVERIFY(empty.mandats.isEmpty() && empty.usagers.isEmpty() && empty.removedMandatIds.isEmpty());
        // A fresh client gets everything at once.
        ClientState fresh;
        syncAll(a, fresh);
        QCOMPARE(fresh.mandats.size(), state.mandats.size());
    }

    /// The same sync page in every encoding the client may ask for (docs/api.md § Encodings): CBOR
    /// when Accept lists it, gzip when Accept-Encoding accepts it; decoded, it is the JSON page.
    void encodingsCarryTheSamePage_data()
    {
        QTest::addColumn<QByteArray>("accept");
        QTest::addColumn<QByteArray>("acceptEncoding");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<bool>("gzipped");
        const QByteArray json = QByteArrayLiteral("application/json");
        const QByteArray cbor = QByteArrayLiteral("application/cbor");
        QTest::newRow("JSON, identity") << json << QByteArrayLiteral("identity") << json << false;
        QTest::newRow("the client's Accept") << QByteArrayLiteral("application/cbor, application/json;q=0.9")
                                             << QByteArrayLiteral("identity") << cbor << false;
        QTest::newRow("CBOR refused") << QByteArrayLiteral("application/cbor;q=0, application/json")
                                      << QByteArrayLiteral("identity") << json << false;
        QTest::newRow("JSON, gzip") << json << QByteArrayLiteral("gzip, deflate") << json << true;
        QTest::newRow("CBOR, gzip") << cbor << QByteArrayLiteral("gzip") << cbor << true;
        QTest::newRow("x-gzip") << json << QByteArrayLiteral("x-gzip") << json << true;
        QTest::newRow("any coding") << json << QByteArrayLiteral("*") << json << true;
        QTest::newRow("gzip refused") << json << QByteArrayLiteral("gzip;q=0, *") << json << false;
        QTest::newRow("deflate only") << json << QByteArrayLiteral("deflate") << json << false;
    }

    void encodingsCarryTheSamePage()
    {
        QFETCH(QByteArray, accept);
        QFETCH(QByteArray, acceptEncoding);
        QFETCH(QByteArray, type);
        QFETCH(bool, gzipped);
        if (!m_encodingAidant) {
            m_encodingAidant = std::make_unique<Aidant>(m_fixture->newAidant());
            // Enough mandats (four usagers of the simulator) for a page larger than the compression
            // threshold.
            for (const char *login : { "test", "avec_nom_dusage", "nom_composé", "prénom_composé" })
                QVERIFY(mandat(*m_encodingAidant, { QStringLiteral("papiers"), QStringLiteral("social") },
                            QString::fromUtf8(login))
                            .id
                    > 0);
        }
        const auto fetch = [this](const QByteArray &acceptHeader, const QByteArray &coding) {
            return m_server->request("GET", QStringLiteral("/api/v1/sync"), {}, m_encodingAidant->token, {},
                { { QByteArrayLiteral("Accept"), acceptHeader },
                    { QByteArrayLiteral("Accept-Encoding"), coding } });
        };
        const auto plain = fetch(QByteArrayLiteral("application/json"), QByteArrayLiteral("identity"));
        QCOMPARE(plain.status, 200);
        QVERIFY2(plain.body.size() >= 1400, "the page must be large enough to be compressed");
        const auto result = fetch(accept, acceptEncoding);
        QCOMPARE(result.status, 200);
        QVERIFY(result.headers.value("content-type").startsWith(type));
        QVERIFY(result.headers.value("vary").contains("Accept-Encoding"));
        QCOMPARE(result.headers.value("content-encoding"), gzipped ? QByteArray("gzip") : QByteArray());
        QByteArray body = result.body;
        if (gzipped) {
            QVERIFY(body.size() < plain.body.size());
            body = TestSupport::gunzip(body);
            QVERIFY(!body.isEmpty());
        }
        QJsonObject decoded = type == "application/cbor" ? QCborValue::fromCbor(body).toMap().toJsonObject()
                                                         : QJsonDocument::fromJson(body).object();
        QVERIFY(decoded.value(QStringLiteral("mandats")).toArray().size() >= 4);
        // Everything but the server's clock is the same.
        QJsonObject expected = plain.json;
        expected.remove(QStringLiteral("server_time"));
        decoded.remove(QStringLiteral("server_time"));
        QCOMPARE(decoded, expected);
    }

    void unknownOrFutureCursorResyncs_data()
    {
        QTest::addColumn<QString>("cursor");
        QTest::newRow("garbage") << "not-a-cursor";
        QTest::newRow("future position") << "i2.1.999999999";
        QTest::newRow("negative") << "i2.1.-5";
        QTest::newRow("another organisation") << "i2.999.1";
        QTest::newRow("truncated full cursor") << "f2.1.2";
        // Cursors of before the journal chains counted the global sequence, not a chain position.
        QTest::newRow("incremental cursor of before the chains") << "i.1.1";
        QTest::newRow("full cursor of before the chains") << "f.1.1.0";
    }

    void unknownOrFutureCursorResyncs()
    {
        QFETCH(QString, cursor);
        static const Aidant a = m_fixture->newAidant();
        int status = 0;
        const SyncPage page = syncPage(a, cursor, {}, &status);
        QCOMPARE(status, 200);
        QVERIFY(page.reset);
        QVERIFY2(page.cursor.startsWith(QLatin1String("i2.")) || page.cursor.startsWith(QLatin1String("f2.")),
            qPrintable(page.cursor));
    }

    void revocationRules()
    {
        const Aidant a = m_fixture->newAidant();
        const MandatInfo m = mandat(
            a, { QStringLiteral("logement"), QStringLiteral("travail") }, QStringLiteral("nom_composé"));
        ClientState state;
        syncAll(a, state);
        const qint64 first = m.autorisations.at(0).id;
        const qint64 journalBefore = m_fixture->journal();

        const auto one = m_server->request("POST",
            QStringLiteral("/api/v1/mandats/%1/autorisations/%2/revoke").arg(m.id).arg(first), {}, a.token);
        QCOMPARE(one.status, 200);
        QCOMPARE(MandatRules::state(MandatInfo::fromJson(one.json), QDateTime::currentMSecsSinceEpoch()),
            MandatRules::State::Active);
        QCOMPARE(m_fixture->journal(), journalBefore + 1);
        QCOMPARE(
            m_fixture->count(QStringLiteral(
                "SELECT COUNT(*) FROM journal WHERE action = 'cancel_autorisation' AND autorisation_id = %1")
                                 .arg(first)),
            1);
        // Twice: refused, nothing changes.
        const auto again = m_server->request("POST",
            QStringLiteral("/api/v1/mandats/%1/autorisations/%2/revoke").arg(m.id).arg(first), {}, a.token);
        QCOMPARE(again.status, 409);
        QCOMPARE(again.json.value(QStringLiteral("error")).toString(), QStringLiteral("already_revoked"));
        QCOMPARE(m_fixture->journal(), journalBefore + 1);

        // The incremental sync carries the revocation.
        const SyncPage page = syncPage(a, state.cursor);
        QCOMPARE(page.mandats.size(), 1);
        const auto revoked = std::find_if(page.mandats.first().autorisations.begin(),
            page.mandats.first().autorisations.end(),
            [&](const AutorisationInfo &x) { return x.id == first; });
        QVERIFY(revoked->revokedAtMs > 0);
        state.apply(page);

        // The whole mandat: the remaining autorisation, then cancel_mandat.
        const auto all
            = m_server->request("POST", QStringLiteral("/api/v1/mandats/%1/revoke").arg(m.id), {}, a.token);
        QCOMPARE(all.status, 200);
        QCOMPARE(MandatRules::state(MandatInfo::fromJson(all.json), QDateTime::currentMSecsSinceEpoch()),
            MandatRules::State::Revoked);
        QCOMPARE(m_fixture->journal(), journalBefore + 3);
        QCOMPARE(m_fixture->count(QStringLiteral(
                     "SELECT COUNT(*) FROM journal WHERE action = 'cancel_mandat' AND mandat_id = %1")
                                      .arg(m.id)),
            1);
        const auto twice
            = m_server->request("POST", QStringLiteral("/api/v1/mandats/%1/revoke").arg(m.id), {}, a.token);
        QCOMPARE(twice.status, 409);
        QCOMPARE(m_fixture->journal(), journalBefore + 3);
        // Unknown autorisation of the mandat: 404.
        QCOMPARE(m_server
                     ->request("POST",
                         QStringLiteral("/api/v1/mandats/%1/autorisations/%2/revoke")
                             .arg(m.id)
                             .arg(first + 100000),
                         {}, a.token)
                     .status,
            404);
    }

    void hiddenMandatLeavesTheCache()
    {
        const Aidant a = m_fixture->newAidant();
        const MandatInfo m = mandat(a, { QStringLiteral("justice") }, QStringLiteral("naissance_Algérie"));
        ClientState state;
        syncAll(a, state);
        QVERIFY(state.mandats.count(m.id));
        // The mandat ended 365 days and a moment before the cursor's last entry: it has become hidden since.
        const qint64 cursorOrganisation = state.cursor.section(QLatin1Char('.'), 1, 1).toLongLong();
        const qint64 cursorSeq = state.cursor.section(QLatin1Char('.'), 2, 2).toLongLong();
        const qint64 cursorTime = m_fixture->count(
            QStringLiteral("SELECT created_at FROM journal WHERE chain_id = %1 AND chain_seq = %2")
                .arg(cursorOrganisation)
                .arg(cursorSeq));
        QCOMPARE(
            m_server->runSqlBehindServer(QStringLiteral("UPDATE mandats SET expires_at = %1 WHERE id = %2;")
                                             .arg(cursorTime - MandatRules::kHiddenAfterMs + 1)
                                             .arg(m.id)),
            0);
        QTest::qWait(5);
        const SyncPage page = syncPage(a, state.cursor);
        QVERIFY(page.removedMandatIds.contains(m.id));
        QVERIFY(page.removedUsagerIds.contains(m.usager.id)); // no other mandat with this usager
        state.apply(page);
        QVERIFY(!state.mandats.count(m.id));
        // Not renewable any more, and absent from a full sync.
        const auto renewal = m_server->postJson(QStringLiteral("/api/v1/mandats/%1/renewal").arg(m.id),
            { { QStringLiteral("demarches"), QJsonArray { QStringLiteral("justice") } },
                { QStringLiteral("duration"), QStringLiteral("LONG") } },
            a.token);
        QCOMPARE(renewal.status, 409);
        QCOMPARE(renewal.json.value(QStringLiteral("error")).toString(), QStringLiteral("not_renewable"));
        ClientState fresh;
        syncAll(a, fresh);
        QVERIFY(!fresh.mandats.count(m.id));
    }

    void renewalWithoutFranceConnect()
    {
        const Aidant a = m_fixture->newAidant();
        const MandatInfo m = mandat(
            a, { QStringLiteral("famille"), QStringLiteral("argent") }, QStringLiteral("prénom_composé"));
        const qint64 journalBefore = m_fixture->journal(QStringLiteral("init_renew_mandat"));
        const auto draft = m_server->postJson(QStringLiteral("/api/v1/mandats/%1/renewal").arg(m.id),
            { { QStringLiteral("demarches"),
                  QJsonArray { QStringLiteral("famille"), QStringLiteral("loisirs") } },
                { QStringLiteral("duration"), QStringLiteral("MONTH") } },
            a.token);
        QCOMPARE(draft.status, 200);
        const MandatDraftInfo info = MandatDraftInfo::fromJson(draft.json);
        QCOMPARE(info.state, QStringLiteral("identified"));
        QCOMPARE(info.usager.familyName, QStringLiteral("HUCHE"));
        QCOMPARE(m_fixture->journal(QStringLiteral("init_renew_mandat")), journalBefore + 1);
        // Renewals are signed like creations (a fresh code: this aidant's is spent, so a colleague renews).
        const Aidant colleague = m_fixture->newAidant();
        const auto draft2 = m_server->postJson(QStringLiteral("/api/v1/mandats/%1/renewal").arg(m.id),
            { { QStringLiteral("demarches"),
                  QJsonArray { QStringLiteral("famille"), QStringLiteral("loisirs") } },
                { QStringLiteral("duration"), QStringLiteral("MONTH") } },
            colleague.token);
        QCOMPARE(draft2.status, 200);
        const auto renewed = m_fixture->sign(
            colleague, MandatDraftInfo::fromJson(draft2.json).id, m_server->nextCode(colleague.account));
        QCOMPARE(renewed.status, 200);
        const MandatInfo r = MandatInfo::fromJson(renewed.json);
        QCOMPARE(r.usager.id, m.usager.id);
        QCOMPARE(r.duration, QStringLiteral("MONTH"));
        // "famille" moved to the new mandat; "argent" stays with the old one.
        const MandatInfo old = MandatInfo::fromJson(
            m_server->request("GET", QStringLiteral("/api/v1/mandats/%1").arg(m.id), {}, a.token).json);
        for (const AutorisationInfo &x : old.autorisations)
            QCOMPARE(x.revokedAtMs > 0, x.demarche == QLatin1String("famille"));
        // Bad input is refused like a creation.
        QCOMPARE(m_server
                     ->postJson(QStringLiteral("/api/v1/mandats/%1/renewal").arg(m.id),
                         { { QStringLiteral("demarches"), QJsonArray {} },
                             { QStringLiteral("duration"), QStringLiteral("MONTH") } },
                         a.token)
                     .json.value(QStringLiteral("error"))
                     .toString(),
            QStringLiteral("invalid_demarches"));
    }

    void anotherOrganisationGets404AndChangesNothing()
    {
        const Aidant owner = m_fixture->newAidant();
        const MandatInfo m = mandat(owner, { QStringLiteral("transports") }, QStringLiteral("test_CORSE_2A"));
        const QString draftId
            = m_fixture->identify(owner, { QStringLiteral("papiers") }, QStringLiteral("test_CORSE_2A"));
        const Aidant stranger = m_fixture->newAidant();
        moveToOtherOrganisation(stranger);
        const qint64 journalBefore = m_fixture->journal();
        const qint64 revokedBefore = m_fixture->count(
            QStringLiteral("SELECT COUNT(*) FROM autorisations WHERE revoked_at IS NOT NULL"));
        const qint64 draftsBefore = m_fixture->count(QStringLiteral("SELECT COUNT(*) FROM mandat_drafts"));

        struct Call
        {
            QByteArray method;
            QString path;
            QJsonObject body;
        };
        const QJsonObject renewalBody { { QStringLiteral("demarches"),
                                            QJsonArray { QStringLiteral("transports") } },
            { QStringLiteral("duration"), QStringLiteral("LONG") } };
        const QList<Call> calls = {
            { "GET", QStringLiteral("/api/v1/mandats/%1").arg(m.id), {} },
            { "POST", QStringLiteral("/api/v1/mandats/%1/revoke").arg(m.id), {} },
            { "POST",
                QStringLiteral("/api/v1/mandats/%1/autorisations/%2/revoke")
                    .arg(m.id)
                    .arg(m.autorisations.first().id),
                {} },
            { "POST", QStringLiteral("/api/v1/mandats/%1/renewal").arg(m.id), renewalBody },
            { "GET", QStringLiteral("/api/v1/mandat-drafts/%1").arg(draftId), {} },
            { "POST", QStringLiteral("/api/v1/mandat-drafts/%1/sign").arg(draftId),
                { { QStringLiteral("code"), QStringLiteral("123456") },
                    { QStringLiteral("consents"),
                        QJsonObject { { QStringLiteral("information_given"), true } } } } },
        };
        for (const Call &call : calls) {
            const auto result = m_server->request(
                call.method, call.path, QJsonDocument(call.body).toJson(), stranger.token);
            QVERIFY2(result.status == 404,
                qPrintable(call.path + QStringLiteral(": ") + QString::number(result.status)));
            QCOMPARE(result.json.value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
        }
        QCOMPARE(m_fixture->journal(), journalBefore);
        QCOMPARE(m_fixture->count(
                     QStringLiteral("SELECT COUNT(*) FROM autorisations WHERE revoked_at IS NOT NULL")),
            revokedBefore);
        QCOMPARE(m_fixture->count(QStringLiteral("SELECT COUNT(*) FROM mandat_drafts")), draftsBefore);
        // The other organisation's sync shows none of them.
        ClientState state;
        syncAll(stranger, state);
        QVERIFY(!state.mandats.count(m.id));
        QVERIFY(!state.usagers.count(m.usager.id));
    }

    void switchingOrganisation()
    {
        const Aidant a = m_fixture->newAidant();
        const MandatInfo m
            = mandat(a, { QStringLiteral("etranger") }, QStringLiteral("étranger_présumé_né_jour"));
        const QString draftId = m_fixture->identify(a, { QStringLiteral("papiers") }, QStringLiteral("test"));
        ClientState state;
        syncAll(a, state);
        QVERIFY(state.mandats.count(m.id));
        const qint64 other = otherOrganisation();
        // Not a member yet: 404, nothing journalled.
        const qint64 switchesBefore = m_fixture->journal(QStringLiteral("switch_organisation"));
        QCOMPARE(m_server
                     ->postJson(QStringLiteral("/api/v1/me/organisation"),
                         { { QStringLiteral("organisation_id"), other } }, a.token)
                     .status,
            404);
        QCOMPARE(m_server->runSqlBehindServer(QStringLiteral(
                     "INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (%1, %2);")
                                                  .arg(a.account.id)
                                                  .arg(other)),
            0);
        const auto switched = m_server->postJson(QStringLiteral("/api/v1/me/organisation"),
            { { QStringLiteral("organisation_id"), other } }, a.token);
        QCOMPARE(switched.status, 200);
        QCOMPARE(SessionInfo::fromJson(switched.json).aidant.currentOrganisationId, other);
        QCOMPARE(m_fixture->journal(QStringLiteral("switch_organisation")), switchesBefore + 1);
        // The cache of the former organisation is replaced, and its objects are out of reach.
        const SyncPage page = syncPage(a, state.cursor);
        QVERIFY(page.reset);
        QCOMPARE(page.organisation.id, other);
        QCOMPARE(m_server->request("GET", QStringLiteral("/api/v1/mandats/%1").arg(m.id), {}, a.token).status,
            404);
        const auto sign = m_fixture->sign(a, draftId, QStringLiteral("000000")); // refused before the code
        QCOMPARE(sign.status, 403);
        QCOMPARE(
            sign.json.value(QStringLiteral("error")).toString(), QStringLiteral("cannot_create_mandats"));
    }

    void twoInstancesServeOneClientAlternately()
    {
        if (m_server->backend() != TestServer::Backend::PostgreSql)
            QSKIP("several instances share a PostgreSQL database (SQLite is embedded: one instance)");
        const QUrl second = m_server->startAnotherInstance();
        QVERIFY(second.isValid());
        const Aidant a = m_fixture->newAidant();
        ClientState state;
        syncAll(a, state, second);
        QList<qint64> ids;
        for (int i = 0; i < 4; ++i) {
            const MandatInfo m = mandat(m_fixture->newAidant(), { QStringLiteral("loisirs") },
                i % 2 ? QStringLiteral("test") : QStringLiteral("genre_indéfini"));
            ids.append(m.id);
            // Each change is followed by a sync on the other instance than the previous sync's.
            syncAll(a, state, i % 2 ? QUrl() : second);
            const QUrl changer = i % 2 ? second : m_server->baseUrl();
            QCOMPARE(m_server
                         ->request("POST", QStringLiteral("/api/v1/mandats/%1/revoke").arg(m.id), {}, a.token,
                             changer)
                         .status,
                200);
            syncAll(a, state, i % 2 ? second : QUrl());
        }
        // The client holds exactly what the server holds: every change, none twice.
        ClientState fresh;
        syncAll(a, fresh);
        QCOMPARE(state.mandats.size(), fresh.mandats.size());
        for (const auto &[id, m] : fresh.mandats) {
            QVERIFY(state.mandats.count(id));
            QCOMPARE(MandatRules::state(state.mandats.at(id), QDateTime::currentMSecsSinceEpoch()),
                MandatRules::state(m, QDateTime::currentMSecsSinceEpoch()));
        }
        for (const qint64 id : ids)
            QCOMPARE(MandatRules::state(state.mandats.at(id), QDateTime::currentMSecsSinceEpoch()),
                MandatRules::State::Revoked);
    }
};

QTEST_GUILESS_MAIN(TestMandatsSync)
#include "testMandatsSync.moc"
