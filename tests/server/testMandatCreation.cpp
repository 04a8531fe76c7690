// Mandat creation against the real server and the FranceConnect simulator (docs/franceconnect.md):
// the nine test identities, every refusal storing nothing, the signature transaction, verification.
#include "FranceConnectSim.h"
#include "Mandat.h"
#include "MandatFixture.h"
#include "TestServer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>
#include <QUrlQuery>

#include <memory>

namespace {
QString resultOf(const QUrl &doneUrl)
{
    return QUrlQuery(doneUrl).queryItemValue(QStringLiteral("result"));
}
} // namespace

class TestMandatCreation : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<MandatFixture> m_fixture;
    using Aidant = MandatFixture::Aidant;

    Aidant newAidant() { return m_fixture->newAidant(); }
    TestServer::HttpResult createDraft(const Aidant &a, const QStringList &demarches,
        const QString &duration = QStringLiteral("SEMESTER"), bool remote = false, bool certified = false)
    {
        return m_fixture->createDraft(a, demarches, duration, remote, certified);
    }
    TestServer::HttpResult getDraft(const Aidant &a, const QString &id) { return m_fixture->getDraft(a, id); }
    TestServer::HttpResult sign(const Aidant &a, const QString &draftId, const QString &code,
        bool informed = true, bool remoteConsent = false)
    {
        return m_fixture->sign(a, draftId, code, informed, remoteConsent);
    }
    QString identify(const Aidant &a, const QStringList &demarches, const QString &login,
        FranceConnectBrowser::Outcome *outcome = nullptr, bool remote = false)
    {
        return m_fixture->identify(a, demarches, login, outcome, remote);
    }
    qint64 count(const QString &sql) { return m_fixture->count(sql); }
    qint64 journal(const QString &action = {}) { return m_fixture->journal(action); }

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.franceConnect = true;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), "the server and the FranceConnect simulator must start");
        m_fixture = std::make_unique<MandatFixture>(*m_server);
        QCOMPARE(FranceConnectSim::identities().size(), 9);
    }

    void cleanupTestCase()
    {
        m_fixture.reset();
        m_server.reset();
    }

    // Refusals first, while no usager is stored: each must leave the usagers table empty.
    void franceConnectRefusals_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<QString>("failure");
        QTest::newRow("tampered id_token signature") << "bad_signature" << false << "invalid_signature";
        QTest::newRow("id_token signed by an unknown key") << "unknown_kid" << false << "invalid_signature";
        QTest::newRow("wrong nonce") << "wrong_nonce" << false << "invalid_nonce";
        QTest::newRow("wrong iss") << "wrong_iss" << false << "invalid_issuer";
        QTest::newRow("wrong aud") << "wrong_aud" << false << "invalid_audience";
        QTest::newRow("expired id_token") << "expired" << false << "token_expired";
        QTest::newRow("missing acr") << "no_acr" << false << "invalid_acr";
        QTest::newRow("wrong acr") << "wrong_acr" << false << "invalid_acr";
        QTest::newRow("tampered userinfo signature")
            << "userinfo_bad_signature" << false << "invalid_signature";
        QTest::newRow("token endpoint error") << "token_error" << false << "franceconnect_error";
        QTest::newRow("usager cancels on FranceConnect") << "" << true << "usager_cancelled";
    }

    void franceConnectRefusals()
    {
        QFETCH(QString, fault);
        QFETCH(bool, cancel);
        QFETCH(QString, failure);
        const Aidant a = newAidant();
        const qint64 journalBefore = journal();
        if (!fault.isEmpty())
            QVERIFY(m_server->franceConnect()->setFault(fault));
        const auto draft = createDraft(a, { QStringLiteral("papiers") });
        QCOMPARE(draft.status, 200);
        FranceConnectBrowser browser;
        const auto outcome = browser.run(QUrl(draft.json.value(QStringLiteral("start_url")).toString()),
            QStringLiteral("test"),
            cancel ? FranceConnectBrowser::Action::Cancel : FranceConnectBrowser::Action::Login);
        QCOMPARE(outcome.finalUrl.path(), QStringLiteral("/fc/done"));
        QCOMPARE(resultOf(outcome.finalUrl), QStringLiteral("error"));

        const QString id = draft.json.value(QStringLiteral("id")).toString();
        const auto state = getDraft(a, id);
        QCOMPARE(state.json.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
        const QJsonObject failureJson = state.json.value(QStringLiteral("failure")).toObject();
        QCOMPARE(failureJson.value(QStringLiteral("code")).toString(), failure);
        QVERIFY(!failureJson.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!state.json.contains(QStringLiteral("usager")));
        // Nothing about the usager is stored, nothing journalled, and the draft cannot be signed.
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM usagers")), 0);
        QCOMPARE(journal(), journalBefore);
        QCOMPARE(sign(a, id, m_server->nextCode(a.account)).json.value(QStringLiteral("error")).toString(),
            QStringLiteral("draft_not_identified"));
        m_server->franceConnect()->setFault(QStringLiteral("none")); // disarm if unused
    }

    void wrongPasswordKeepsTheUsagerOnFranceConnect()
    {
        const Aidant a = newAidant();
        const auto draft = createDraft(a, { QStringLiteral("papiers") });
        FranceConnectBrowser browser;
        const auto outcome = browser.run(QUrl(draft.json.value(QStringLiteral("start_url")).toString()),
            QStringLiteral("test"), FranceConnectBrowser::Action::WrongPassword);
        QVERIFY(outcome.finalUrl.path().startsWith(QStringLiteral("/api/v2/interaction/")));
        QVERIFY(outcome.body.contains("Identifiant ou mot de passe incorrect"));
        QCOMPARE(getDraft(a, draft.json.value(QStringLiteral("id")).toString())
                     .json.value(QStringLiteral("state"))
                     .toString(),
            QStringLiteral("pending"));
    }

    void expiredDraftStoresNothing()
    {
        const Aidant a = newAidant();
        const auto draft = createDraft(a, { QStringLiteral("papiers") });
        const QString id = draft.json.value(QStringLiteral("id")).toString();
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral("UPDATE mandat_drafts SET expires_at = 1 WHERE id = '%1';").arg(id)),
            0);
        QCOMPARE(getDraft(a, id).json.value(QStringLiteral("state")).toString(), QStringLiteral("expired"));
        FranceConnectBrowser browser;
        const auto outcome = browser.run(
            QUrl(draft.json.value(QStringLiteral("start_url")).toString()), QStringLiteral("test"));
        QCOMPARE(resultOf(outcome.finalUrl), QStringLiteral("error"));
        QCOMPARE(getDraft(a, id)
                     .json.value(QStringLiteral("failure"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("draft_expired"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM usagers")), 0);
    }

    void draftBadInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("no démarche") << QByteArray(R"({"demarches":[],"duration":"LONG"})")
                                     << "invalid_demarches";
        QTest::newRow("démarches not a list")
            << QByteArray(R"({"demarches":"papiers","duration":"LONG"})") << "invalid_demarches";
        QTest::newRow("unknown démarche")
            << QByteArray(R"({"demarches":["papiers","impots"],"duration":"LONG"})") << "invalid_demarches";
        QTest::newRow("duplicate démarche")
            << QByteArray(R"({"demarches":["papiers","papiers"],"duration":"LONG"})") << "invalid_demarches";
        QTest::newRow("unknown duration")
            << QByteArray(R"({"demarches":["papiers"],"duration":"FOREVER"})") << "invalid_duration";
        QTest::newRow("days instead of keyword")
            << QByteArray(R"({"demarches":["papiers"],"duration":365})") << "invalid_duration";
        QTest::newRow("remote without certification")
            << QByteArray(R"({"demarches":["papiers"],"duration":"LONG","remote":true})")
            << "remote_consent_required";
        QTest::newRow("remote not a boolean")
            << QByteArray(R"({"demarches":["papiers"],"duration":"LONG","remote":"yes"})") << "invalid_field";
        QTest::newRow("not JSON") << QByteArray("demarches=papiers") << "malformed_json";
    }

    void draftBadInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        static Aidant a = newAidant();
        const qint64 drafts = count(QStringLiteral("SELECT COUNT(*) FROM mandat_drafts"));
        const auto result = m_server->request("POST", QStringLiteral("/api/v1/mandat-drafts"), body, a.token);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(), error);
        QVERIFY(!result.json.value(QStringLiteral("message")).toString().isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM mandat_drafts")), drafts);
    }

    void demarcheNotAllowedForTheOrganisation()
    {
        const Aidant a = newAidant();
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral("UPDATE organisations SET allowed_demarches = 'papiers,famille';")),
            0);
        const auto refused = createDraft(a, { QStringLiteral("papiers"), QStringLiteral("argent") });
        const auto allowed = createDraft(a, { QStringLiteral("papiers"), QStringLiteral("famille") });
        const QStringList all = { QStringLiteral("papiers"), QStringLiteral("famille"),
            QStringLiteral("social"), QStringLiteral("travail"), QStringLiteral("logement"),
            QStringLiteral("transports"), QStringLiteral("argent"), QStringLiteral("justice"),
            QStringLiteral("etranger"), QStringLiteral("loisirs") };
        QCOMPARE(
            m_server->runSqlBehindServer(QStringLiteral("UPDATE organisations SET allowed_demarches = '%1';")
                                             .arg(all.join(QLatin1Char(',')))),
            0);
        QCOMPARE(refused.status, 403);
        QCOMPARE(
            refused.json.value(QStringLiteral("error")).toString(), QStringLiteral("demarche_not_allowed"));
        QCOMPARE(allowed.status, 200);
    }

    void aidantWithoutCanCreateMandats()
    {
        const Aidant a = newAidant();
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral("UPDATE aidants SET can_create_mandats = FALSE WHERE id = %1;")
                         .arg(a.account.id)),
            0);
        const auto refused = createDraft(a, { QStringLiteral("papiers") });
        QCOMPARE(refused.status, 403);
        QCOMPARE(
            refused.json.value(QStringLiteral("error")).toString(), QStringLiteral("cannot_create_mandats"));
    }

    void replayedStateIsRefused()
    {
        const Aidant a = newAidant();
        FranceConnectBrowser::Outcome outcome;
        const QString id = identify(a, { QStringLiteral("papiers") }, QStringLiteral("test"), &outcome);
        QCOMPARE(resultOf(outcome.finalUrl), QStringLiteral("ok"));
        QUrl callback;
        for (const QUrl &url : outcome.visited) {
            if (url.path() == QLatin1String("/fc/callback"))
                callback = url;
        }
        QVERIFY(callback.isValid());
        // The FranceConnect session was ended on the way back (id_token_hint, state, post-logout URI).
        bool loggedOut = false;
        for (const QUrl &url : outcome.visited)
            loggedOut |= url.path().endsWith(QLatin1String("/session/end"));
        QVERIFY(loggedOut);

        const qint64 usagers = count(QStringLiteral("SELECT COUNT(*) FROM usagers"));
        const qint64 journalBefore = journal();
        FranceConnectBrowser other;
        const auto replay = other.get(callback);
        QCOMPARE(replay.status, 400);
        QVERIFY(QString::fromUtf8(replay.body)
                    .replace(QStringLiteral("&#39;"), QStringLiteral("'"))
                    .contains(QStringLiteral("n'est pas ou plus valide")));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM usagers")), usagers);
        QCOMPARE(journal(), journalBefore);
        QCOMPARE(
            getDraft(a, id).json.value(QStringLiteral("state")).toString(), QStringLiteral("identified"));
    }

    void nineTestIdentities_data()
    {
        QTest::addColumn<int>("row");
        const auto identities = FranceConnectSim::identities();
        for (int i = 0; i < identities.size(); ++i)
            QTest::newRow(identities[i].value(QStringLiteral("login")).toUtf8().constData()) << i;
    }

    void nineTestIdentities()
    {
        QFETCH(int, row);
        const QMap<QString, QString> expected = FranceConnectSim::identities().at(row);
        const Aidant a = newAidant();
        FranceConnectBrowser::Outcome outcome;
        const QString id = identify(a, { QStringLiteral("transports"), QStringLiteral("papiers") },
            expected.value(QStringLiteral("login")), &outcome);
        QCOMPARE(resultOf(outcome.finalUrl), QStringLiteral("ok"));
        const auto draft = getDraft(a, id);
        QCOMPARE(draft.json.value(QStringLiteral("state")).toString(), QStringLiteral("identified"));
        const QJsonObject usager = draft.json.value(QStringLiteral("usager")).toObject();
        for (const char *claim : { "given_name", "family_name", "preferred_username", "birthdate", "gender",
                 "birthplace", "birthcountry", "email" }) {
            QCOMPARE(usager.value(QLatin1String(claim)).toString(), expected.value(QLatin1String(claim)));
        }

        const qint64 attestations = journal(QStringLiteral("create_attestation"));
        const auto signedMandat = sign(a, id, m_server->nextCode(a.account));
        QCOMPARE(signedMandat.status, 200);
        const MandatInfo mandat = MandatInfo::fromJson(signedMandat.json);
        QCOMPARE(mandat.demarches, QStringList({ QStringLiteral("papiers"), QStringLiteral("transports") }));
        QCOMPARE(mandat.usager.familyName, expected.value(QStringLiteral("family_name")));
        QCOMPARE(mandat.expiresAtMs - mandat.createdAtMs, 182LL * 24 * 3600 * 1000);
        QCOMPARE(mandat.autorisations.size(), 2);
        // The hash is the documented one, recomputed here from the answer.
        QCOMPARE(mandat.attestationHash, Attestation::hash(mandat));
        QCOMPARE(journal(QStringLiteral("create_attestation")), attestations + 1);
        QCOMPARE(count(QStringLiteral(
                     "SELECT COUNT(*) FROM journal WHERE action = 'create_autorisation' AND mandat_id = %1")
                           .arg(mandat.id)),
            2);
        // Reading it back gives the same mandat (a reprint is identical).
        const auto again
            = m_server->request("GET", QStringLiteral("/api/v1/mandats/%1").arg(mandat.id), {}, a.token);
        QCOMPARE(again.status, 200);
        QCOMPARE(Attestation::hash(MandatInfo::fromJson(again.json)), mandat.attestationHash);
        // A signed draft cannot be signed twice (checked before the code).
        QCOMPARE(sign(a, id, QStringLiteral("000000")).json.value(QStringLiteral("error")).toString(),
            QStringLiteral("draft_already_signed"));
    }

    void usagerKnownAgainIsNotDuplicated()
    {
        const qint64 usagers = count(QStringLiteral("SELECT COUNT(*) FROM usagers"));
        const Aidant a = newAidant();
        FranceConnectBrowser::Outcome outcome;
        identify(a, { QStringLiteral("papiers") }, QStringLiteral("test"), &outcome);
        QCOMPARE(resultOf(outcome.finalUrl), QStringLiteral("ok"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM usagers")), usagers);
        // The sub is stored only hashed with the server's salt.
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM usagers WHERE LENGTH(sub_hash) = 64")), usagers);
    }

    void signingRules()
    {
        const Aidant a = newAidant();
        FranceConnectBrowser::Outcome outcome;
        const QString id
            = identify(a, { QStringLiteral("social") }, QStringLiteral("genre_indéfini"), &outcome, true);
        QCOMPARE(resultOf(outcome.finalUrl), QStringLiteral("ok"));
        const Aidant other = newAidant();
        const qint64 mandats = count(QStringLiteral("SELECT COUNT(*) FROM mandats"));
        const qint64 journalBefore = journal();

        // Consents: the information box always, the written-consent box for a remote mandat.
        // (Checked before the code, which these attempts do not spend.)
        QCOMPARE(
            sign(a, id, QStringLiteral("000000"), false, true).json.value(QStringLiteral("error")).toString(),
            QStringLiteral("consent_required"));
        QCOMPARE(
            sign(a, id, QStringLiteral("000000"), true, false).json.value(QStringLiteral("error")).toString(),
            QStringLiteral("consent_required"));
        // A wrong code.
        const auto wrong = sign(a, id, QStringLiteral("000000"), true, true);
        QCOMPARE(wrong.status, 403);
        QCOMPARE(wrong.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_code"));
        // The code used at login is a replay.
        QCOMPARE(sign(a, id, a.loginCode, true, true).status, 403);
        // Another aidant's draft does not exist for the caller.
        QCOMPARE(getDraft(other, id).status, 404);
        QCOMPARE(sign(other, id, m_server->nextCode(other.account), true, true).status, 404);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM mandats")), mandats);
        QCOMPARE(journal(), journalBefore);
        QCOMPARE(
            getDraft(a, id).json.value(QStringLiteral("state")).toString(), QStringLiteral("identified"));

        QTest::qWait(2100); // the throttle after two failures (1 s, then 2 s)
        QCOMPARE(sign(a, id, m_server->nextCode(a.account), true, true).status, 200);
        const MandatInfo mandat
            = MandatInfo::fromJson(m_server
                                       ->request("GET",
                                           QStringLiteral("/api/v1/mandats/%1")
                                               .arg(count(QStringLiteral("SELECT MAX(id) FROM mandats"))),
                                           {}, a.token)
                                       .json);
        QVERIFY(mandat.remote);
        QCOMPARE(mandat.usager.gender, QStringLiteral("unspecified"));
    }

    void failureMidwayLeavesNothing()
    {
        const bool sqlite = m_server->backend() == TestServer::Backend::Sqlite;
        const Aidant a = newAidant();
        // A first mandat for the usager, with "papiers".
        const QString first = identify(a, { QStringLiteral("papiers") }, QStringLiteral("nom_composé"));
        const auto firstSigned = sign(a, first, m_server->nextCode(a.account));
        QCOMPARE(firstSigned.status, 200);
        const MandatInfo firstMandat = MandatInfo::fromJson(firstSigned.json);
        const qint64 oldAutorisation = firstMandat.autorisations.first().id;

        // Another organisation's active autorisation for the same usager and démarche.
        QCOMPARE(
            m_server->runSqlBehindServer(QStringLiteral(
                "INSERT INTO organisations (name, allowed_demarches, created_at) VALUES ('Autre structure', "
                "'papiers', 0);"
                "INSERT INTO mandats (organisation_id, usager_id, aidant_id, duration, remote, created_at, "
                "expires_at,"
                " template_version) SELECT MAX(o.id), %1, %2, 'LONG', FALSE, 0, 9999999999999, 1 FROM "
                "organisations o;"
                "INSERT INTO autorisations (mandat_id, demarche) SELECT MAX(id), 'papiers' FROM mandats;")
                                             .arg(firstMandat.usager.id)
                                             .arg(a.account.id)),
            0);
        const qint64 otherAutorisation = count(QStringLiteral("SELECT MAX(id) FROM autorisations"));

        // The second mandat (loisirs + papiers) fails midway: after the mandat row and the revocation of
        // the earlier "papiers" autorisation, at the insertion of the "loisirs" autorisation.
        const Aidant b = newAidant();
        const QString second = identify(
            b, { QStringLiteral("papiers"), QStringLiteral("loisirs") }, QStringLiteral("nom_composé"));
        QCOMPARE(m_server->runSqlBehindServer(sqlite
                         ? QStringLiteral(
                             "CREATE TRIGGER fail_loisirs BEFORE INSERT ON autorisations "
                             "WHEN NEW.demarche = 'loisirs' BEGIN SELECT RAISE(ABORT, 'injected'); END;")
                         : QStringLiteral(
                             "CREATE FUNCTION fail_loisirs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                             "IF NEW.demarche = 'loisirs' THEN RAISE EXCEPTION 'injected'; END IF; "
                             "RETURN NEW; END $$; CREATE TRIGGER fail_loisirs BEFORE INSERT ON "
                             "autorisations FOR EACH ROW EXECUTE FUNCTION fail_loisirs();")),
            0);
        const qint64 mandats = count(QStringLiteral("SELECT COUNT(*) FROM mandats"));
        const qint64 autorisations = count(QStringLiteral("SELECT COUNT(*) FROM autorisations"));
        const qint64 revoked
            = count(QStringLiteral("SELECT COUNT(*) FROM autorisations WHERE revoked_at IS NOT NULL"));
        const qint64 journalBefore = journal();
        const QString code = m_server->nextCode(b.account);
        const auto failed = sign(b, second, code);
        QCOMPARE(failed.status, 500);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM mandats")), mandats);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM autorisations")), autorisations);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM autorisations WHERE revoked_at IS NOT NULL")),
            revoked);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM autorisations WHERE id = %1 AND revoked_at IS NULL")
                      .arg(oldAutorisation)),
            1);
        QCOMPARE(journal(), journalBefore);
        QCOMPARE(
            getDraft(b, second).json.value(QStringLiteral("state")).toString(), QStringLiteral("identified"));

        // Without the failure, the same draft signs, and replaces the earlier "papiers" autorisation of
        // this organisation only.
        QCOMPARE(m_server->runSqlBehindServer(sqlite
                         ? QStringLiteral("DROP TRIGGER fail_loisirs;")
                         : QStringLiteral("DROP TRIGGER fail_loisirs ON autorisations;")),
            0);
        // The rolled-back transaction did not spend the code either.
        const auto signedSecond = sign(b, second, code);
        QCOMPARE(signedSecond.status, 200);
        QVERIFY(
            count(QStringLiteral("SELECT revoked_at FROM autorisations WHERE id = %1").arg(oldAutorisation))
            > 0);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM autorisations WHERE id = %1 AND revoked_at IS NULL")
                      .arg(otherAutorisation)),
            1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM journal WHERE action = 'cancel_autorisation' AND "
                                      "autorisation_id = %1")
                           .arg(oldAutorisation)),
            1);
        QCOMPARE(
            journal(), journalBefore + 4); // cancel_autorisation, create_attestation, 2 × create_autorisation
    }

    void verification()
    {
        const Aidant a = newAidant();
        const QString id = identify(a, { QStringLiteral("justice") }, QStringLiteral("caractères_spéciaux"));
        const MandatInfo mandat = MandatInfo::fromJson(sign(a, id, m_server->nextCode(a.account)).json);
        QVERIFY(mandat.id > 0);
        const QUrl printed(mandat.verifyUrl);
        QCOMPARE(printed.path(), QStringLiteral("/verify/%1").arg(mandat.id));
        QCOMPARE(QUrlQuery(printed).queryItemValue(QStringLiteral("h")), mandat.attestationHash);

        auto check = [&](qint64 mandatId, const QString &hash) {
            return m_server->request("GET", QStringLiteral("/api/v1/verify/%1?h=%2").arg(mandatId).arg(hash))
                .json;
        };
        const QJsonObject authentic = check(mandat.id, mandat.attestationHash);
        QCOMPARE(authentic.value(QStringLiteral("authentic")).toBool(), true);
        QCOMPARE(authentic.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        // No personal data in the answer.
        const QByteArray raw
            = m_server
                  ->request("GET",
                      QStringLiteral("/api/v1/verify/%1?h=%2").arg(mandat.id).arg(mandat.attestationHash))
                  .body;
        QVERIFY(!QString::fromUtf8(raw).contains(mandat.usager.familyName));
        QString tampered = mandat.attestationHash;
        tampered[0] = tampered[0] == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
        QCOMPARE(check(mandat.id, tampered).value(QStringLiteral("authentic")).toBool(), false);
        QCOMPARE(check(mandat.id + 1000, mandat.attestationHash).value(QStringLiteral("authentic")).toBool(),
            false);
        // The page the QR code opens.
        FranceConnectBrowser browser;
        const auto page = browser.get(printed);
        QCOMPARE(page.status, 200);
        QVERIFY(QString::fromUtf8(page.body).contains(QStringLiteral("Mandat authentique")));
        // Another organisation's aidant cannot read the mandat.
        const Aidant other = newAidant();
        QCOMPARE(m_server->runSqlBehindServer(QStringLiteral(
                     "UPDATE aidants SET current_organisation_id = (SELECT MAX(id) FROM organisations) "
                     "WHERE id = %1;")
                                                  .arg(other.account.id)),
            0);
        QCOMPARE(
            m_server->request("GET", QStringLiteral("/api/v1/mandats/%1").arg(mandat.id), {}, other.token)
                .status,
            404);
    }

    void journalIsIntactAndLogsHoldNoIdentity()
    {
        QString output;
        QCOMPARE(m_server->runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output), 0);
        // The server's log never holds an usager's name, email or birthdate (nor codes or tokens).
        QDir dir(QFileInfo(m_server->configPath()).absolutePath());
        QString logs;
        for (const QString &name : dir.entryList({ QStringLiteral("*.log") }, QDir::Files)) {
            QFile file(dir.filePath(name));
            if (file.open(QIODevice::ReadOnly))
                logs += QString::fromUtf8(file.readAll());
        }
        QVERIFY(logs.contains(QStringLiteral("identified by FranceConnect"))); // the server's log was read
        for (const auto &identity : FranceConnectSim::identities()) {
            QVERIFY(!logs.contains(identity.value(QStringLiteral("family_name"))));
            QVERIFY(!logs.contains(identity.value(QStringLiteral("email"))));
            QVERIFY(!logs.contains(identity.value(QStringLiteral("birthdate"))));
        }
    }
};

QTEST_GUILESS_MAIN(TestMandatCreation)
#include "testMandatCreation.moc"
