#include "SmtpSink.h"
#include "TestServer.h"
#include "Totp.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QtTest>

/// The OTP devices a référent manages (cards: associate, validate, dissociate; phone app: enrol,
/// confirm, remove) and the first login of a référent without a device (docs/referent.md), against
/// the real server on SQLite (OtpDevicesSqlite) and PostgreSQL (OtpDevicesPostgres), with a real
/// SMTP server for the first-login emails.
class TestOtpDevices : public QObject
{
    Q_OBJECT

    std::unique_ptr<SmtpSink> m_sink;
    std::unique_ptr<TestServer> m_server;
    QString m_referentToken; ///< the fixture référent (organisation A)
    qint64 m_orgB = 0;
    TestServer::Account m_referentB;
    QString m_referentBToken;
    int m_counter = 0;

    // Helpers ------------------------------------------------------------------------------------

    QString aidantPath(qint64 org, qint64 aidant, const QString &suffix) const
    {
        return QStringLiteral("/api/v1/referent/organisations/%1/aidants/%2%3")
            .arg(org)
            .arg(aidant)
            .arg(suffix);
    }

    TestServer::HttpResult post(const QString &path, const QJsonObject &body, const QString &token)
    {
        return m_server->postJson(path, body, token);
    }

    TestServer::HttpResult login(const TestServer::Account &account, const QString &code)
    {
        return m_server->postJson(QStringLiteral("/api/v1/auth/login"),
            { { QStringLiteral("email"), account.email }, { QStringLiteral("code"), code } });
    }

    QString loginToken(const TestServer::Account &account)
    {
        const auto result = login(account, m_server->nextCode(account));
        return result.status == 200 ? result.json.value(QStringLiteral("token")).toString() : QString();
    }

    /// A fresh aidant of @p org (organisation A when 0), without any device.
    TestServer::Account newAidant(qint64 org = 0, bool referent = false)
    {
        const int n = ++m_counter;
        return m_server->createAccount(QStringLiteral("otp.aidant%1@test.example").arg(n),
            QStringLiteral("Aidant%1").arg(n), QStringLiteral("Devices"), referent, false, org);
    }

    QString sql(const QString &statement)
    {
        QString out;
        if (m_server->runSqlBehindServer(statement, &out) != 0)
            return QStringLiteral("<sql failed: %1>").arg(out);
        return out.trimmed();
    }

    qint64 count(const QString &statement) { return sql(statement).toLongLong(); }

    qint64 journalCount(const QString &action = {})
    {
        const QString where
            = action.isEmpty() ? QString() : QStringLiteral(" WHERE action = '%1'").arg(action);
        return count(QStringLiteral("SELECT COUNT(*) FROM journal") + where + QLatin1Char(';'));
    }

    /// The newest journal entry of @p action: aidant_id|organisation_id|info.
    QString lastJournal(const QString &action)
    {
        return sql(QStringLiteral("SELECT aidant_id, organisation_id, info FROM journal WHERE action = '%1'"
                                  " ORDER BY seq DESC LIMIT 1;")
                       .arg(action));
    }

    /// Every OTP device row, as text: what a refused action must leave unchanged.
    QString deviceRows()
    {
        return sql(QStringLiteral(
            "SELECT id, kind, COALESCE(serial, ''), COALESCE(aidant_id, 0), CASE WHEN confirmed THEN 1"
            " ELSE 0 END, drift, last_accepted_step, COALESCE(retired_at, 0), secret_sealed"
            " FROM otp_devices ORDER BY id;"));
    }

    QString failureState(qint64 aidantId)
    {
        return sql(QStringLiteral("SELECT unknown_failures FROM aidants WHERE id = %1;").arg(aidantId))
            + QLatin1Char('/')
            + sql(QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE aidant_id = %1;").arg(aidantId));
    }

    static QJsonArray devicesOf(const QJsonObject &aidant)
    {
        return aidant.value(QStringLiteral("devices")).toArray();
    }

    /// A 6-digit code that is none of @p account's codes around now (a surely wrong code).
    static QString wrongCode(const QByteArray &secret, int stepSeconds)
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QStringList near;
        for (int i = -3; i <= 3; ++i)
            near << Totp::totp(secret, now + i * stepSeconds, stepSeconds);
        for (int candidate = 0;; ++candidate) {
            const QString code = QStringLiteral("%1").arg(candidate * 137 % 1000000, 6, 10, QLatin1Char('0'));
            if (!near.contains(code))
                return code;
        }
    }

    static void checkError(const TestServer::HttpResult &result, int status, const QString &code)
    {
        QVERIFY2(result.status == status && result.json.value(QStringLiteral("error")).toString() == code,
            qPrintable(QStringLiteral("expected %1 %2, got %3 %4")
                           .arg(status)
                           .arg(code)
                           .arg(result.status)
                           .arg(QString::fromUtf8(result.body))));
        QVERIFY(!result.json.value(QStringLiteral("message")).toString().isEmpty());
    }

    /// Associates a fresh card with @p aidant (organisation A's référent); returns the card.
    TestServer::Card associatedCard(const TestServer::Account &aidant)
    {
        const TestServer::Card card = m_server->importCard();
        const auto result = post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card")),
            { { QStringLiteral("serial"), card.serial } }, m_referentToken);
        if (result.status != 200)
            qWarning("card association failed: %s", result.body.constData());
        return card;
    }

    /// The card as an account whose codes nextCode() gives.
    static TestServer::Account cardAccount(const TestServer::Account &aidant, const TestServer::Card &card)
    {
        TestServer::Account account = aidant;
        account.secret = card.secret;
        account.stepSeconds = Totp::kCardStepSeconds;
        return account;
    }

    /// The secret of an otpauth:// URI, after checking the URI's form.
    static QByteArray secretOf(const QString &uri, const QString &email)
    {
        const QString prefix
            = QStringLiteral("otpauth://totp/Aidants%20Connect:") + email + QStringLiteral("?");
        if (!uri.startsWith(prefix)) {
            qWarning("unexpected otpauth URI form for %s", qPrintable(email));
            return {};
        }
        const QUrlQuery query(QUrl(uri).query());
        if (query.queryItemValue(QStringLiteral("issuer"), QUrl::FullyDecoded)
                != QLatin1String("Aidants Connect")
            || query.queryItemValue(QStringLiteral("algorithm")) != QLatin1String("SHA1")
            || query.queryItemValue(QStringLiteral("digits")) != QLatin1String("6")
            || query.queryItemValue(QStringLiteral("period")) != QLatin1String("30"))
            return {};
        return Totp::decodeBase32(query.queryItemValue(QStringLiteral("secret"))).value_or(QByteArray());
    }

    /// Enrols a phone app for @p aidant (organisation A's référent); the account holds its secret.
    TestServer::Account enrolledApp(const TestServer::Account &aidant, QString *uri = nullptr)
    {
        const auto result = post(
            aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/app")), {}, m_referentToken);
        TestServer::Account app = aidant;
        app.stepSeconds = Totp::kPhoneStepSeconds;
        if (result.status != 200) {
            qWarning("app enrolment failed: %s", result.body.constData());
            return app;
        }
        const QString otpauth = result.json.value(QStringLiteral("otpauth_uri")).toString();
        if (uri)
            *uri = otpauth;
        app.secret = secretOf(otpauth, aidant.email);
        return app;
    }

    /// The 8-digit code of the newest first-login email to @p email (waits for its delivery).
    /// `POST /auth/first-login/request` for @p email.
    TestServer::HttpResult requestFirstLogin(const QString &email)
    {
        return m_server->postJson(
            QStringLiteral("/api/v1/auth/first-login/request"), { { QStringLiteral("email"), email } });
    }

    /// Requests a first-login code for @p email and returns the one emailed (empty if none came).
    QString requestedFirstLoginCode(const QString &email)
    {
        const int mails = m_sink->count();
        if (requestFirstLogin(email).status != 200)
            return {};
        return emailedCode(email, mails);
    }

    QString emailedCode(const QString &email, int previousCount)
    {
        if (!QTest::qWaitFor([&] { return m_sink->count() > previousCount; }, 20000))
            return {};
        const QList<SmtpSink::Message> messages = m_sink->messages();
        for (qsizetype i = previousCount; i < messages.size(); ++i) {
            const SmtpSink::Message &message = messages.at(i);
            if (message.rcptTos.contains(email)
                && message.subject == QStringLiteral("Aidants Connect : votre code de première connexion")) {
                const auto match = QRegularExpression(QStringLiteral("\\b(\\d{8})\\b")).match(message.body);
                if (match.hasMatch())
                    return match.captured(1);
            }
        }
        return {};
    }

    /// Every email ever queued (a sent email keeps its row, emptied).
    qint64 outboxRows() { return count(QStringLiteral("SELECT COUNT(*) FROM email_outbox;")); }

private slots:
    void initTestCase()
    {
        m_sink = std::make_unique<SmtpSink>();
        QVERIFY(m_sink->start());
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.extraConfig = QStringLiteral("[smtp]\nurl=smtp://127.0.0.1:%1\nfrom=Aidants Connect "
                                             "<ne-pas-repondre@test.example>\npoll_interval_ms=200\n")
                                  .arg(m_sink->port());
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_referentToken = loginToken(m_server->referent());
        QVERIFY(!m_referentToken.isEmpty());
        m_orgB = m_server->createOrganisation(QStringLiteral("Médiathèque de Test B"));
        QVERIFY(m_orgB != 0);
        m_referentB = m_server->createAccount(QStringLiteral("referent.b@test.example"),
            QStringLiteral("Bérénice"), QStringLiteral("Bis"), true, true, m_orgB);
        QVERIFY(m_referentB.id != 0);
        m_referentBToken = loginToken(m_referentB);
        QVERIFY(!m_referentBToken.isEmpty());
    }

    // Cards ---------------------------------------------------------------------------------------

    void cardAssociationThenValidationEnablesLogin()
    {
        const TestServer::Account aidant = newAidant();
        const TestServer::Card card = m_server->importCard();
        const qint64 before = journalCount(QStringLiteral("card_association"));
        const auto associated
            = post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card")),
                { { QStringLiteral("serial"), card.serial } }, m_referentToken);
        QCOMPARE(associated.status, 200);
        QCOMPARE(associated.json.value(QStringLiteral("id")).toInteger(), aidant.id);
        const QJsonArray devices = devicesOf(associated.json);
        QCOMPARE(devices.size(), 1);
        QCOMPARE(devices.at(0).toObject().value(QStringLiteral("serial")).toString(), card.serial);
        QCOMPARE(devices.at(0).toObject().value(QStringLiteral("confirmed")).toBool(), false);
        QCOMPARE(journalCount(QStringLiteral("card_association")), before + 1);
        QCOMPARE(lastJournal(QStringLiteral("card_association")),
            QStringLiteral("%1|%2|aidant %3, card %4")
                .arg(m_server->referent().id)
                .arg(m_server->organisationId())
                .arg(aidant.id)
                .arg(card.serial));

        // Not validated yet: the card cannot log in.
        const TestServer::Account account = cardAccount(aidant, card);
        QCOMPARE(
            login(account, TestServer::codeFor(account, QDateTime::currentSecsSinceEpoch())).status, 401);

        const QString code = m_server->nextCode(account);
        const auto validated
            = post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card/validate")),
                { { QStringLiteral("code"), code } }, m_referentToken);
        QCOMPARE(validated.status, 200);
        QCOMPARE(
            devicesOf(validated.json).at(0).toObject().value(QStringLiteral("confirmed")).toBool(), true);
        QCOMPARE(lastJournal(QStringLiteral("card_validation")),
            QStringLiteral("%1|%2|aidant %3, card %4")
                .arg(m_server->referent().id)
                .arg(m_server->organisationId())
                .arg(aidant.id)
                .arg(card.serial));
        // The accepted code is spent (replay refused), a later one logs in.
        QCOMPARE(login(account, code).status, 401);
        QVERIFY(!loginToken(account).isEmpty());
        // Nothing left to validate.
        checkError(post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card/validate")),
                       { { QStringLiteral("code"), QStringLiteral("123456") } }, m_referentToken),
            409, QStringLiteral("no_card_to_validate"));
    }

    void cardAssociationRefusals_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown serial") << "unknown" << 404 << "unknown_card";
        QTest::newRow("retired card") << "retired" << 404 << "unknown_card";
        QTest::newRow("card of another aidant") << "in_use" << 409 << "card_in_use";
        QTest::newRow("inactive aidant") << "inactive" << 409 << "aidant_inactive";
        QTest::newRow("aidant with a card") << "has_card" << 409 << "aidant_has_card";
        QTest::newRow("aidant with a pending card") << "has_pending_card" << 409 << "aidant_has_card";
        QTest::newRow("no serial") << "no_serial" << 400 << "missing_field";
    }

    void cardAssociationRefusals()
    {
        QFETCH(QString, situation);
        QFETCH(int, status);
        QFETCH(QString, error);
        const TestServer::Account aidant = newAidant();
        QVERIFY(aidant.id != 0);
        QString serial = m_server->importCard().serial;
        if (situation == QLatin1String("unknown")) {
            serial = QStringLiteral("GADT99999999");
        } else if (situation == QLatin1String("retired")) {
            const TestServer::Account previous = newAidant();
            serial = associatedCard(previous).serial;
            QCOMPARE(
                post(aidantPath(m_server->organisationId(), previous.id, QStringLiteral("/card/dissociate")),
                    { { QStringLiteral("reason"), QStringLiteral("perte") } }, m_referentToken)
                    .status,
                200);
        } else if (situation == QLatin1String("in_use")) {
            serial = associatedCard(newAidant()).serial;
        } else if (situation == QLatin1String("inactive")) {
            QVERIFY(sql(QStringLiteral("UPDATE aidants SET is_active = false WHERE id = %1;").arg(aidant.id))
                        .isEmpty());
        } else if (situation == QLatin1String("has_card")) {
            const TestServer::Card first = associatedCard(aidant);
            QCOMPARE(post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card/validate")),
                         { { QStringLiteral("code"), m_server->nextCode(cardAccount(aidant, first)) } },
                         m_referentToken)
                         .status,
                200);
        } else if (situation == QLatin1String("has_pending_card")) {
            associatedCard(aidant);
        }
        const QString devices = deviceRows();
        const qint64 journal = journalCount();
        QJsonObject body;
        if (situation != QLatin1String("no_serial"))
            body.insert(QStringLiteral("serial"), serial);
        checkError(post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card")), body,
                       m_referentToken),
            status, error);
        QCOMPARE(deviceRows(), devices);
        QCOMPARE(journalCount(), journal);
    }

    void wrongValidationCodeChangesOnlyTheFailureCount()
    {
        const TestServer::Account aidant = newAidant();
        const TestServer::Card card = associatedCard(aidant);
        const QString freeSerial = m_server->importCard().serial;
        const QString devices = deviceRows();
        const qint64 journal = journalCount();
        QCOMPARE(failureState(aidant.id), QStringLiteral("0/0"));
        const QString path
            = aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card/validate"));
        const auto refused = post(path,
            { { QStringLiteral("code"), wrongCode(card.secret, Totp::kCardStepSeconds) } }, m_referentToken);
        checkError(refused, 400, QStringLiteral("invalid_code"));
        QCOMPARE(refused.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("Le code saisi est incorrect."));
        QCOMPARE(deviceRows(), devices);
        QCOMPARE(journalCount(), journal);
        QCOMPARE(failureState(aidant.id), QStringLiteral("1/1"));
        // Malformed codes are refused before any check: nothing counted.
        checkError(post(path, { { QStringLiteral("code"), QStringLiteral("12ab56") } }, m_referentToken), 400,
            QStringLiteral("invalid_field"));
        QCOMPARE(failureState(aidant.id), QStringLiteral("1/1"));
    }

    void exhaustedBudgetRefusesValidation()
    {
        const TestServer::Account aidant = newAidant();
        const TestServer::Card card = associatedCard(aidant);
        const QString path
            = aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card/validate"));
        const QString wrong = wrongCode(card.secret, Totp::kCardStepSeconds);
        for (int i = 0; i < 5; ++i)
            checkError(post(path, { { QStringLiteral("code"), wrong } }, m_referentToken), 400,
                QStringLiteral("invalid_code"));
        const QString devices = deviceRows();
        // Even the right code is not checked now.
        const auto refused = post(path,
            { { QStringLiteral("code"), m_server->nextCode(cardAccount(aidant, card)) } }, m_referentToken);
        checkError(refused, 429, QStringLiteral("too_many_attempts"));
        QVERIFY(refused.headers.value("retry-after").toInt() > 0);
        QCOMPARE(deviceRows(), devices);
    }

    void dissociation_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("details");
        QTest::addColumn<bool>("retired");
        QTest::newRow("perte") << "perte"
                               << "" << true;
        QTest::newRow("casse") << "casse"
                               << "" << true;
        QTest::newRow("dysfonctionnement") << "dysfonctionnement"
                                           << "L'écran reste éteint" << true;
        QTest::newRow("depart") << "depart"
                                << "" << false;
        QTest::newRow("erreur") << "erreur"
                                << "" << false;
        QTest::newRow("autre") << "autre"
                               << "Carte prêtée à un collègue" << false;
    }

    void dissociation()
    {
        QFETCH(QString, reason);
        QFETCH(QString, details);
        QFETCH(bool, retired);
        const TestServer::Account aidant = newAidant();
        const TestServer::Card card = associatedCard(aidant);
        const TestServer::Account account = cardAccount(aidant, card);
        QCOMPARE(post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card/validate")),
                     { { QStringLiteral("code"), m_server->nextCode(account) } }, m_referentToken)
                     .status,
            200);
        const auto result
            = post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card/dissociate")),
                { { QStringLiteral("reason"), reason }, { QStringLiteral("details"), details } },
                m_referentToken);
        QCOMPARE(result.status, 200);
        QVERIFY(devicesOf(result.json).isEmpty());
        QString info
            = QStringLiteral("aidant %1, card %2, reason %3").arg(aidant.id).arg(card.serial, reason);
        if (!details.isEmpty())
            info += QStringLiteral(", details: ") + details;
        QCOMPARE(lastJournal(QStringLiteral("card_dissociation")),
            QStringLiteral("%1|%2|%3")
                .arg(m_server->referent().id)
                .arg(m_server->organisationId())
                .arg(info));
        // The card no longer logs the aidant in.
        QCOMPARE(login(account, m_server->nextCode(account)).status, 401);
        // Retired for ever, or back to the free stock.
        const TestServer::Account next = newAidant();
        const auto again = post(aidantPath(m_server->organisationId(), next.id, QStringLiteral("/card")),
            { { QStringLiteral("serial"), card.serial } }, m_referentToken);
        if (retired)
            checkError(again, 404, QStringLiteral("unknown_card"));
        else
            QCOMPARE(again.status, 200);
    }

    void dissociationRefusals_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<bool>("withCard");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("no reason") << QJsonObject {} << true << 400 << "missing_field";
        QTest::newRow("unknown reason") << QJsonObject { { QStringLiteral("reason"), QStringLiteral("vol") } }
                                        << true << 400 << "invalid_field";
        QTest::newRow("autre without details")
            << QJsonObject { { QStringLiteral("reason"), QStringLiteral("autre") } } << true << 400
            << "missing_field";
        QTest::newRow("details too long")
            << QJsonObject { { QStringLiteral("reason"), QStringLiteral("autre") },
                   { QStringLiteral("details"), QString(501, QLatin1Char('x')) } }
            << true << 400 << "invalid_field";
        QTest::newRow("no card") << QJsonObject { { QStringLiteral("reason"), QStringLiteral("erreur") } }
                                 << false << 404 << "not_found";
    }

    void dissociationRefusals()
    {
        QFETCH(QJsonObject, body);
        QFETCH(bool, withCard);
        QFETCH(int, status);
        QFETCH(QString, error);
        const TestServer::Account aidant = newAidant();
        if (withCard)
            associatedCard(aidant);
        const QString devices = deviceRows();
        const qint64 journal = journalCount();
        checkError(post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/card/dissociate")),
                       body, m_referentToken),
            status, error);
        QCOMPARE(deviceRows(), devices);
        QCOMPARE(journalCount(), journal);
    }

    // Phone app -----------------------------------------------------------------------------------

    void appEnrolmentThenLogin()
    {
        const TestServer::Account aidant = newAidant();
        QString uri;
        const TestServer::Account app = enrolledApp(aidant, &uri);
        QCOMPARE(app.secret.size(), 20);
        const QString base32 = Totp::encodeBase32(app.secret);
        // Pending: listed unconfirmed, cannot log in.
        const QString path = aidantPath(m_server->organisationId(), aidant.id, QString());
        QCOMPARE(login(app, TestServer::codeFor(app, QDateTime::currentSecsSinceEpoch())).status, 401);
        const qint64 before = journalCount(QStringLiteral("app_association"));
        checkError(post(path + QStringLiteral("/app/confirm"),
                       { { QStringLiteral("code"), wrongCode(app.secret, Totp::kPhoneStepSeconds) } },
                       m_referentToken),
            400, QStringLiteral("invalid_code"));
        const auto confirmed = post(path + QStringLiteral("/app/confirm"),
            { { QStringLiteral("code"), m_server->nextCode(app) } }, m_referentToken);
        QCOMPARE(confirmed.status, 200);
        const QJsonObject device = devicesOf(confirmed.json).at(0).toObject();
        QCOMPARE(device.value(QStringLiteral("kind")).toString(), QStringLiteral("app"));
        QCOMPARE(device.value(QStringLiteral("confirmed")).toBool(), true);
        QVERIFY(!device.contains(QStringLiteral("secret")));
        QCOMPARE(journalCount(QStringLiteral("app_association")), before + 1);
        QCOMPARE(lastJournal(QStringLiteral("app_association")),
            QStringLiteral("%1|%2|aidant %3")
                .arg(m_server->referent().id)
                .arg(m_server->organisationId())
                .arg(aidant.id));
        // The aidant logs in with a code of the app.
        QVERIFY(!loginToken(app).isEmpty());
        // The secret is never shown again nor written anywhere readable.
        const auto seen = m_server->request("GET", path, {}, m_referentToken);
        if (seen.status == 200)
            QVERIFY(!seen.body.contains(base32.toLatin1()));
        QVERIFY(!m_server->serverLog().contains(base32.toLatin1()));
        QVERIFY(!m_server->serverLog().contains("otpauth"));
        QVERIFY(!m_server->serverLog().contains(app.secret.toHex()));
        QCOMPARE(count(QStringLiteral(
                     "SELECT COUNT(*) FROM journal WHERE info LIKE '%%1%' OR info LIKE '%otpauth%'"
                     " OR info LIKE '%%2%';")
                           .arg(base32, QString::fromLatin1(app.secret.toHex()))),
            0);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM otp_devices WHERE secret_hex <> '' OR secret_sealed"
                                 " LIKE '%%1%';")
                      .arg(base32)),
            0);
        // One app per aidant.
        const QString devices = deviceRows();
        checkError(
            post(path + QStringLiteral("/app"), {}, m_referentToken), 409, QStringLiteral("aidant_has_app"));
        checkError(post(path + QStringLiteral("/app/confirm"),
                       { { QStringLiteral("code"), QStringLiteral("123456") } }, m_referentToken),
            409, QStringLiteral("no_app_to_confirm"));
        QCOMPARE(deviceRows(), devices);

        // Removal, journalled; the app no longer logs in.
        const qint64 removals = journalCount(QStringLiteral("app_removal"));
        const auto removed = post(path + QStringLiteral("/app/remove"), {}, m_referentToken);
        QCOMPARE(removed.status, 200);
        QVERIFY(devicesOf(removed.json).isEmpty());
        QCOMPARE(journalCount(QStringLiteral("app_removal")), removals + 1);
        QCOMPARE(lastJournal(QStringLiteral("app_removal")),
            QStringLiteral("%1|%2|aidant %3")
                .arg(m_server->referent().id)
                .arg(m_server->organisationId())
                .arg(aidant.id));
        QCOMPARE(login(app, TestServer::codeFor(app, QDateTime::currentSecsSinceEpoch())).status, 401);
        checkError(post(path + QStringLiteral("/app/remove"), {}, m_referentToken), 404,
            QStringLiteral("not_found"));
        QCOMPARE(journalCount(QStringLiteral("app_removal")), removals + 1);
    }

    void newEnrolmentReplacesAPendingApp()
    {
        const TestServer::Account aidant = newAidant();
        const TestServer::Account first = enrolledApp(aidant);
        const TestServer::Account second = enrolledApp(aidant);
        QVERIFY(!first.secret.isEmpty());
        QVERIFY(first.secret != second.secret);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM otp_devices WHERE aidant_id = %1;").arg(aidant.id)),
            1);
        const QString path
            = aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/app/confirm"));
        checkError(post(path, { { QStringLiteral("code"), m_server->nextCode(first) } }, m_referentToken),
            400, QStringLiteral("invalid_code"));
        QCOMPARE(
            post(path, { { QStringLiteral("code"), m_server->nextCode(second) } }, m_referentToken).status,
            200);
    }

    void appRefusedForAnInactiveAidant()
    {
        const TestServer::Account aidant = newAidant();
        QVERIFY(sql(QStringLiteral("UPDATE aidants SET is_active = false WHERE id = %1;").arg(aidant.id))
                    .isEmpty());
        const QString devices = deviceRows();
        checkError(post(aidantPath(m_server->organisationId(), aidant.id, QStringLiteral("/app")), {},
                       m_referentToken),
            409, QStringLiteral("aidant_inactive"));
        QCOMPARE(deviceRows(), devices);
    }

    // Access --------------------------------------------------------------------------------------

    void crossOrganisationProbesChangeNothing()
    {
        // Organisation A's aidants in every state a route acts on.
        const TestServer::Account withoutDevice = newAidant();
        const TestServer::Account pendingCardAidant = newAidant();
        const TestServer::Card pendingCard = associatedCard(pendingCardAidant);
        const TestServer::Account pendingAppAidant = newAidant();
        const TestServer::Account pendingApp = enrolledApp(pendingAppAidant);
        const QString freeSerial = m_server->importCard().serial;
        const QString cardCode = m_server->nextCode(cardAccount(pendingCardAidant, pendingCard));
        const QString appCode = m_server->nextCode(pendingApp);
        const qint64 orgA = m_server->organisationId();
        struct Probe
        {
            QString path;
            QJsonObject body;
        };
        const auto probesOn = [&](qint64 org) {
            return QList<Probe> {
                { aidantPath(org, withoutDevice.id, QStringLiteral("/card")),
                    { { QStringLiteral("serial"), freeSerial } } },
                { aidantPath(org, pendingCardAidant.id, QStringLiteral("/card/validate")),
                    { { QStringLiteral("code"), cardCode } } },
                { aidantPath(org, pendingCardAidant.id, QStringLiteral("/card/dissociate")),
                    { { QStringLiteral("reason"), QStringLiteral("erreur") } } },
                { aidantPath(org, withoutDevice.id, QStringLiteral("/app")), {} },
                { aidantPath(org, pendingAppAidant.id, QStringLiteral("/app/confirm")),
                    { { QStringLiteral("code"), appCode } } },
                { aidantPath(org, pendingAppAidant.id, QStringLiteral("/app/remove")), {} },
            };
        };
        const QString aidantToken = loginToken(m_server->aidant());
        QVERIFY(!aidantToken.isEmpty());
        const QString devices = deviceRows();
        const qint64 journal = journalCount();
        const QString failures = failureState(pendingCardAidant.id) + failureState(pendingAppAidant.id);
        // The référent of B, on A's aidants through A's path, and through B's own path.
        for (const qint64 org : { orgA, m_orgB }) {
            for (const Probe &probe : probesOn(org)) {
                const auto result = post(probe.path, probe.body, m_referentBToken);
                checkError(result, 404, QStringLiteral("not_found"));
            }
        }
        // A plain aidant: 403 on every route; no session: 401.
        for (const Probe &probe : probesOn(orgA)) {
            checkError(post(probe.path, probe.body, aidantToken), 403, QStringLiteral("not_referent"));
            checkError(post(probe.path, probe.body, QString()), 401, QStringLiteral("unauthenticated"));
        }
        // Nothing changed: no device, no journal entry, no failure counted.
        QCOMPARE(deviceRows(), devices);
        QCOMPARE(journalCount(), journal);
        QCOMPARE(failureState(pendingCardAidant.id) + failureState(pendingAppAidant.id), failures);
        // The référent of A can still do all of it with the very same codes.
        for (const Probe &probe : probesOn(orgA)) {
            const auto result = post(probe.path, probe.body, m_referentToken);
            QVERIFY2(result.status == 200,
                qPrintable(probe.path + QLatin1Char(' ') + QString::fromUtf8(result.body)));
        }
    }

    void referentWhoLostTheRoleIsRefused()
    {
        const TestServer::Account referent
            = m_server->createAccount(QStringLiteral("ex.referent@test.example"), QStringLiteral("Ex"),
                QStringLiteral("Référent"), true, true);
        const QString token = loginToken(referent);
        QVERIFY(!token.isEmpty());
        const TestServer::Account aidant = newAidant();
        QVERIFY(
            sql(QStringLiteral("DELETE FROM referent_organisations WHERE aidant_id = %1;").arg(referent.id))
                .isEmpty());
        const TestServer::Card card = associatedCard(aidant);
        const QString freeSerial = m_server->importCard().serial;
        const QString devices = deviceRows();
        const qint64 journal = journalCount();
        // Still logged in, no longer référent: every device route refuses, whatever the body.
        const QList<QPair<QString, QJsonObject>> routes {
            { QStringLiteral("/card"), { { QStringLiteral("serial"), freeSerial } } },
            { QStringLiteral("/card/validate"),
                { { QStringLiteral("code"), m_server->nextCode(cardAccount(aidant, card)) } } },
            { QStringLiteral("/card/dissociate"),
                { { QStringLiteral("reason"), QStringLiteral("erreur") } } },
            { QStringLiteral("/app"), {} },
            { QStringLiteral("/app/confirm"), { { QStringLiteral("code"), QStringLiteral("123456") } } },
            { QStringLiteral("/app/remove"), {} },
        };
        for (const auto &[suffix, body] : routes)
            checkError(post(aidantPath(m_server->organisationId(), aidant.id, suffix), body, token), 403,
                QStringLiteral("not_referent"));
        QCOMPARE(deviceRows(), devices);
        QCOMPARE(journalCount(), journal);
    }

    void adminAssociateCardRefusesAnAidantWithACard()
    {
        const TestServer::Account aidant = newAidant();
        associatedCard(aidant);
        const TestServer::Card other = m_server->importCard();
        QString output;
        QVERIFY(m_server->runAdmin({ QStringLiteral("associate-card"), QStringLiteral("--serial"),
                                       other.serial, QStringLiteral("--email"), aidant.email },
                    &output)
            != 0);
        QVERIFY2(output.contains(QStringLiteral("already has card")), qPrintable(output));
        QCOMPARE(count(QStringLiteral(
                     "SELECT COUNT(*) FROM otp_devices WHERE serial = '%1' AND aidant_id IS NOT NULL;")
                           .arg(other.serial)),
            0);
        // A retired card neither.
        const TestServer::Account next = newAidant();
        const TestServer::Card lost = associatedCard(next);
        QCOMPARE(post(aidantPath(m_server->organisationId(), next.id, QStringLiteral("/card/dissociate")),
                     { { QStringLiteral("reason"), QStringLiteral("perte") } }, m_referentToken)
                     .status,
            200);
        QVERIFY(m_server->runAdmin({ QStringLiteral("associate-card"), QStringLiteral("--serial"),
                                       lost.serial, QStringLiteral("--email"), newAidant().email },
                    &output)
            != 0);
        QVERIFY2(output.contains(QStringLiteral("is retired")), qPrintable(output));
    }

    // First login ---------------------------------------------------------------------------------

    void firstLoginOfAReferentWithoutDevice()
    {
        const TestServer::Account referent = newAidant(0, true);
        const int mails = m_sink->count();
        const auto requested = requestFirstLogin(referent.email);
        QCOMPARE(requested.status, 200);
        QCOMPARE(requested.json, QJsonObject({ { QStringLiteral("status"), QStringLiteral("sent") } }));
        const QString emailCode = emailedCode(referent.email, mails);
        QCOMPARE(emailCode.size(), 8);
        QVERIFY(!QString::fromUtf8(m_server->serverLog())
                     .contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(emailCode))));
        // Only the code's SHA-256 is stored.
        QCOMPARE(sql(QStringLiteral("SELECT code_hash FROM first_login_codes WHERE aidant_id = %1;")
                         .arg(referent.id)),
            QString::fromLatin1(
                QCryptographicHash::hash(emailCode.toUtf8(), QCryptographicHash::Sha256).toHex()));
        // At most one email a minute.
        const qint64 queued = outboxRows();
        QCOMPARE(requestFirstLogin(referent.email).json, requested.json);
        QCOMPARE(outboxRows(), queued);

        const QString startPath = QStringLiteral("/api/v1/auth/first-login/start");
        checkError(m_server->postJson(startPath,
                       { { QStringLiteral("email"), referent.email },
                           { QStringLiteral("email_code"),
                               QStringLiteral("%1").arg(
                                   (emailCode.toInt() + 1) % 100000000, 8, 10, QLatin1Char('0')) } }),
            401, QStringLiteral("invalid_credentials"));
        const auto started = m_server->postJson(startPath,
            { { QStringLiteral("email"), referent.email }, { QStringLiteral("email_code"), emailCode } });
        QCOMPARE(started.status, 200);
        const QString enrolment = started.json.value(QStringLiteral("enrolment_token")).toString();
        QVERIFY(enrolment.size() >= 43);
        TestServer::Account app = referent;
        app.stepSeconds = Totp::kPhoneStepSeconds;
        app.secret = secretOf(started.json.value(QStringLiteral("otpauth_uri")).toString(), referent.email);
        QCOMPARE(app.secret.size(), 20);
        // Single use.
        checkError(
            m_server->postJson(startPath,
                { { QStringLiteral("email"), referent.email }, { QStringLiteral("email_code"), emailCode } }),
            401, QStringLiteral("invalid_credentials"));

        const QString confirmPath = QStringLiteral("/api/v1/auth/first-login/confirm");
        checkError(m_server->postJson(confirmPath,
                       { { QStringLiteral("enrolment_token"), enrolment },
                           { QStringLiteral("code"), wrongCode(app.secret, Totp::kPhoneStepSeconds) } }),
            400, QStringLiteral("invalid_code"));
        checkError(m_server->postJson(confirmPath,
                       { { QStringLiteral("enrolment_token"), QStringLiteral("x").repeated(43) },
                           { QStringLiteral("code"), QStringLiteral("123456") } }),
            401, QStringLiteral("invalid_credentials"));
        const qint64 associations = journalCount(QStringLiteral("app_association"));
        const qint64 connections = journalCount(QStringLiteral("connect_aidant"));
        const auto confirmed = m_server->postJson(confirmPath,
            { { QStringLiteral("enrolment_token"), enrolment },
                { QStringLiteral("code"), m_server->nextCode(app) } });
        QCOMPARE(confirmed.status, 200);
        const QString token = confirmed.json.value(QStringLiteral("token")).toString();
        QCOMPARE(token.size(), 43);
        QVERIFY(!confirmed.json.value(QStringLiteral("device_token")).toString().isEmpty());
        QCOMPARE(
            confirmed.json.value(QStringLiteral("aidant")).toObject().value(QStringLiteral("id")).toInteger(),
            referent.id);
        const auto me = m_server->request("GET", QStringLiteral("/api/v1/me"), {}, token);
        QCOMPARE(me.status, 200);
        QCOMPARE(journalCount(QStringLiteral("app_association")), associations + 1);
        QCOMPARE(journalCount(QStringLiteral("connect_aidant")), connections + 1);
        QVERIFY(lastJournal(QStringLiteral("app_association"))
                    .startsWith(
                        QStringLiteral("%1|%2|aidant %1").arg(referent.id).arg(m_server->organisationId())));
        // The enrolment is spent; the app is the référent's device from now on.
        checkError(m_server->postJson(confirmPath,
                       { { QStringLiteral("enrolment_token"), enrolment },
                           { QStringLiteral("code"), QStringLiteral("123456") } }),
            401, QStringLiteral("invalid_credentials"));
        QVERIFY(!loginToken(app).isEmpty());
        QVERIFY(!m_server->serverLog().contains(Totp::encodeBase32(app.secret).toLatin1()));
        // With a device now, no more first-login email.
        QCOMPARE(sql(QStringLiteral("UPDATE first_login_codes SET created_at = 0 WHERE aidant_id = %1;")
                         .arg(referent.id)),
            QString());
        QCOMPARE(requestFirstLogin(referent.email).json, requested.json);
        QCOMPARE(outboxRows(), queued);
    }

    void firstLoginEmailsOnlyAReferentWithoutDevice_data()
    {
        QTest::addColumn<QString>("who");
        QTest::newRow("unknown email") << "unknown";
        QTest::newRow("aidant without device, not référent") << "aidant";
        QTest::newRow("référent with a card") << "referent_with_card";
        QTest::newRow("inactive référent") << "inactive_referent";
        QTest::newRow("five emails today") << "daily_limit";
    }

    void firstLoginEmailsOnlyAReferentWithoutDevice()
    {
        QFETCH(QString, who);
        QString email = QStringLiteral("personne.inconnue@test.example");
        if (who == QLatin1String("aidant")) {
            email = newAidant().email;
        } else if (who == QLatin1String("referent_with_card")) {
            email = m_server->referent().email;
        } else if (who == QLatin1String("inactive_referent")) {
            const TestServer::Account referent = newAidant(0, true);
            QCOMPARE(
                sql(QStringLiteral("UPDATE aidants SET is_active = false WHERE id = %1;").arg(referent.id)),
                QString());
            email = referent.email;
        } else if (who == QLatin1String("daily_limit")) {
            const TestServer::Account referent = newAidant(0, true);
            const qint64 twoHoursAgo = QDateTime::currentMSecsSinceEpoch() - 2 * 3600 * 1000;
            for (int i = 0; i < 5; ++i)
                QCOMPARE(sql(QStringLiteral("INSERT INTO first_login_codes (aidant_id, code_hash, created_at,"
                                            " expires_at) VALUES (%1, 'x', %2, %2);")
                                 .arg(referent.id)
                                 .arg(twoHoursAgo + i)),
                    QString());
            email = referent.email;
        }
        const qint64 outbox = outboxRows();
        const auto result = requestFirstLogin(email);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json, QJsonObject({ { QStringLiteral("status"), QStringLiteral("sent") } }));
        QCOMPARE(outboxRows(), outbox);
    }

    void firstLoginCodeRefusals_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::newRow("burnt after five wrong codes") << "burnt";
        QTest::newRow("expired") << "expired";
        QTest::newRow("other account's code") << "other_account";
    }

    void firstLoginCodeRefusals()
    {
        QFETCH(QString, situation);
        const TestServer::Account referent = newAidant(0, true);
        const QString emailCode = requestedFirstLoginCode(referent.email);
        QCOMPARE(emailCode.size(), 8);
        QString email = referent.email;
        const QString wrong
            = QStringLiteral("%1").arg((emailCode.toInt() + 1) % 100000000, 8, 10, QLatin1Char('0'));
        const QString startPath = QStringLiteral("/api/v1/auth/first-login/start");
        if (situation == QLatin1String("burnt")) {
            for (int i = 0; i < 5; ++i)
                checkError(
                    m_server->postJson(startPath,
                        { { QStringLiteral("email"), email }, { QStringLiteral("email_code"), wrong } }),
                    401, QStringLiteral("invalid_credentials"));
        } else if (situation == QLatin1String("expired")) {
            QCOMPARE(sql(QStringLiteral("UPDATE first_login_codes SET expires_at = 1 WHERE aidant_id = %1;")
                             .arg(referent.id)),
                QString());
        } else {
            email = newAidant(0, true).email;
        }
        const QString devices = deviceRows();
        checkError(m_server->postJson(startPath,
                       { { QStringLiteral("email"), email }, { QStringLiteral("email_code"), emailCode } }),
            401, QStringLiteral("invalid_credentials"));
        QCOMPARE(deviceRows(), devices);
    }

    void firstLoginEnrolmentRefusals_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::newRow("expired enrolment") << "expired";
        QTest::newRow("app removed by a référent meanwhile") << "app_removed";
        QTest::newRow("no longer référent") << "not_referent";
        QTest::newRow("malformed code") << "malformed_code";
    }

    void firstLoginEnrolmentRefusals()
    {
        QFETCH(QString, situation);
        const TestServer::Account referent = newAidant(0, true);
        const QString emailCode = requestedFirstLoginCode(referent.email);
        QCOMPARE(emailCode.size(), 8);
        const auto started = m_server->postJson(QStringLiteral("/api/v1/auth/first-login/start"),
            { { QStringLiteral("email"), referent.email }, { QStringLiteral("email_code"), emailCode } });
        QCOMPARE(started.status, 200);
        TestServer::Account app = referent;
        app.stepSeconds = Totp::kPhoneStepSeconds;
        app.secret = secretOf(started.json.value(QStringLiteral("otpauth_uri")).toString(), referent.email);
        int status = 401;
        QString error = QStringLiteral("invalid_credentials");
        QString code = m_server->nextCode(app);
        if (situation == QLatin1String("expired")) {
            QCOMPARE(sql(QStringLiteral("UPDATE enrolments SET expires_at = 1 WHERE aidant_id = %1;")
                             .arg(referent.id)),
                QString());
        } else if (situation == QLatin1String("app_removed")) {
            QCOMPARE(post(aidantPath(m_server->organisationId(), referent.id, QStringLiteral("/app/remove")),
                         {}, m_referentToken)
                         .status,
                200);
        } else if (situation == QLatin1String("not_referent")) {
            QCOMPARE(sql(QStringLiteral("DELETE FROM referent_organisations WHERE aidant_id = %1;")
                             .arg(referent.id)),
                QString());
        } else {
            code = QStringLiteral("12 456");
            status = 400;
            error = QStringLiteral("invalid_field");
        }
        const QString devices = deviceRows();
        const qint64 journal = journalCount();
        checkError(m_server->postJson(QStringLiteral("/api/v1/auth/first-login/confirm"),
                       { { QStringLiteral("enrolment_token"),
                             started.json.value(QStringLiteral("enrolment_token")).toString() },
                           { QStringLiteral("code"), code } }),
            status, error);
        QCOMPARE(deviceRows(), devices);
        QCOMPARE(journalCount(), journal);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM sessions WHERE aidant_id = %1;").arg(referent.id)), 0);
    }

    void firstLoginRequestRefusesAMalformedEmail()
    {
        checkError(m_server->postJson(QStringLiteral("/api/v1/auth/first-login/request"),
                       { { QStringLiteral("email"), QStringLiteral("pas-un-email") } }),
            400, QStringLiteral("invalid_field"));
        checkError(m_server->postJson(QStringLiteral("/api/v1/auth/first-login/request"), {}), 400,
            QStringLiteral("missing_field"));
    }

    void journalStaysValid()
    {
        QString output;
        QCOMPARE(m_server->runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output), 0);
        QVERIFY2(output.startsWith(QStringLiteral("journal OK")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestOtpDevices)
#include "testOtpDevices.moc"
