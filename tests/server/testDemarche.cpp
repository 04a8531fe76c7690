// Réaliser une démarche: our server as FranceConnect's identity provider, against the real
// FranceConnect simulator (openid-client as FranceConnect, the demo service provider) on SQLite and
// PostgreSQL; ES256 and HS256 id_tokens; the refusal battery; the usager's email notice.
#include "MandatFixture.h"
#include "SmtpSink.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QUrlQuery>

#include <map>
#include <memory>

namespace {
QString randomHex64()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return QString::fromLatin1(bytes.toHex());
}

/// The text of <dd id="@p id"> on the demo service provider's page (HTML entities decoded).
QString demoField(const QByteArray &page, const QString &id)
{
    const QRegularExpression pattern(
        QStringLiteral("<dd id=\"%1\">(.*?)</dd>").arg(id), QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(page));
    if (!match.hasMatch())
        return QStringLiteral("<missing>");
    QString text = match.captured(1);
    text.replace(QLatin1String("&lt;"), QLatin1String("<"))
        .replace(QLatin1String("&gt;"), QLatin1String(">"));
    text.replace(QLatin1String("&quot;"), QLatin1String("\""))
        .replace(QLatin1String("&#39;"), QLatin1String("'"));
    text.replace(QLatin1String("&#x27;"), QLatin1String("'"))
        .replace(QLatin1String("&amp;"), QLatin1String("&"));
    return text;
}

struct Http
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QMap<QByteArray, QByteArray> headers;
};

/// A blocking form POST or GET without following redirects (FranceConnect's back channel).
Http send(const QUrl &url, const QUrlQuery *form, const QString &bearer = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
    QNetworkReply *reply = nullptr;
    if (form) {
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = network.post(request, form->query(QUrl::FullyEncoded).toUtf8());
    } else {
        reply = network.get(request);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Http result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.insert(pair.first.toLower(), pair.second);
    result.json = QJsonDocument::fromJson(result.body).object();
    reply->deleteLater();
    return result;
}

QString queryValue(const QUrl &url, const QString &name)
{
    return QUrlQuery(url).queryItemValue(name, QUrl::FullyDecoded);
}
} // namespace

class TestDemarche : public QObject
{
    Q_OBJECT

    using Aidant = MandatFixture::Aidant;
    struct Instance
    {
        std::unique_ptr<TestServer> server;
        std::unique_ptr<MandatFixture> fixture;
        Aidant aidant;
        std::map<QString, qint64> usagerByLogin; ///< test identity login -> usager id
        std::map<QString, qint64> mandatByLogin;
    };
    Instance m_es;
    Instance m_hs;
    SmtpSink m_smtp; ///< the ES256 server's mail relay
    // Made at the start, checked at the end: a code and an access token older than their lifetimes.
    QString m_agedCode;
    QString m_agedAccessToken;

    Instance &instance(const QString &algorithm) { return algorithm == QLatin1String("HS256") ? m_hs : m_es; }

    static bool startInstance(Instance &i, const QString &algorithm, const QString &extraConfig = {})
    {
        TestServer::Options options;
        options.extraConfig = extraConfig;
        options.backend = TestServer::backendFromEnvironment();
        options.franceConnect = true;
        options.identityProvider = algorithm;
        i.server = std::make_unique<TestServer>(options);
        if (!i.server->start())
            return false;
        i.fixture = std::make_unique<MandatFixture>(*i.server);
        i.aidant = i.fixture->newAidant();
        // One mandat (papiers + transports) per test identity, each signed by a fresh aidant.
        for (const auto &identity : FranceConnectSim::identities()) {
            const QString login = identity.value(QStringLiteral("login"));
            const QJsonObject mandat = i.fixture->createMandat(
                i.fixture->newAidant(), { QStringLiteral("papiers"), QStringLiteral("transports") }, login);
            if (mandat.isEmpty())
                return false;
            i.mandatByLogin[login] = mandat.value(QStringLiteral("id")).toInteger();
            i.usagerByLogin[login]
                = mandat.value(QStringLiteral("usager")).toObject().value(QStringLiteral("id")).toInteger();
        }
        return true;
    }

    /// An authorize URL exactly as FranceConnect sends it, with @p changes applied (a null value removes).
    QUrl authorizeUrl(
        Instance &i, const QMap<QString, QString> &changes = {}, const QStringList &repScope = {})
    {
        QMap<QString, QString> p {
            { QStringLiteral("response_type"), QStringLiteral("code") },
            { QStringLiteral("client_id"), i.server->idpClientId() },
            { QStringLiteral("redirect_uri"),
                i.server->franceConnect()->aidantsConnectCallback().toString() },
            { QStringLiteral("scope"), QStringLiteral("openid profile email birth") },
            { QStringLiteral("acr_values"), QStringLiteral("eidas1") },
            { QStringLiteral("state"), randomHex64() },
            { QStringLiteral("nonce"), randomHex64() },
            { QStringLiteral("prompt"), QStringLiteral("login") },
        };
        if (!repScope.isEmpty()) {
            const QJsonObject claims { { QStringLiteral("id_token"),
                QJsonObject { { QStringLiteral("rep_scope"),
                    QJsonObject { { QStringLiteral("essential"), true },
                        { QStringLiteral("values"), QJsonArray::fromStringList(repScope) } } } } } };
            p.insert(QStringLiteral("claims"),
                QString::fromUtf8(QJsonDocument(claims).toJson(QJsonDocument::Compact)));
        }
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            if (it.value().isNull())
                p.remove(it.key());
            else
                p.insert(it.key(), it.value());
        }
        QUrl url = i.server->baseUrl();
        url.setPath(QStringLiteral("/oidc/authorize"));
        QUrlQuery query;
        for (auto it = p.begin(); it != p.end(); ++it)
            query.addQueryItem(it.key(), QString::fromLatin1(QUrl::toPercentEncoding(it.value())));
        url.setQuery(query);
        return url;
    }

    TestServer::HttpResult createRequest(Instance &i, const Aidant &a, const QUrl &url)
    {
        return i.server->postJson(QStringLiteral("/api/v1/idp/requests"),
            { { QStringLiteral("authorize_url"), url.toString(QUrl::FullyEncoded) } }, a.token);
    }

    TestServer::HttpResult choose(
        Instance &i, const Aidant &a, const QString &request, qint64 usager, const QString &demarche)
    {
        return i.server->postJson(QStringLiteral("/api/v1/idp/requests/%1/choice").arg(request),
            { { QStringLiteral("usager_id"), usager }, { QStringLiteral("demarche"), demarche } }, a.token);
    }

    /// A fresh code for (usager, démarche); @p url receives the redirect (code and state).
    QString freshCode(Instance &i, qint64 usager, const QString &demarche = QStringLiteral("papiers"),
        QUrl *redirect = nullptr, const Aidant *chooser = nullptr)
    {
        const Aidant &aidant = chooser ? *chooser : i.aidant;
        const auto request = createRequest(i, aidant, authorizeUrl(i));
        if (request.status != 200) {
            qWarning("authorize refused: %s", request.body.constData());
            return {};
        }
        const auto choice
            = choose(i, aidant, request.json.value(QStringLiteral("id")).toString(), usager, demarche);
        if (choice.status != 200)
            qWarning("choice refused: %s", choice.body.constData());
        const QUrl url(choice.json.value(QStringLiteral("redirect")).toString());
        if (redirect)
            *redirect = url;
        return queryValue(url, QStringLiteral("code"));
    }

    Http token(Instance &i, const QString &code, const QMap<QString, QString> &changes = {})
    {
        QMap<QString, QString> fields { { QStringLiteral("grant_type"),
                                            QStringLiteral("authorization_code") },
            { QStringLiteral("code"), code },
            { QStringLiteral("redirect_uri"),
                i.server->franceConnect()->aidantsConnectCallback().toString() },
            { QStringLiteral("client_id"), i.server->idpClientId() },
            { QStringLiteral("client_secret"), i.server->idpClientSecret() } };
        for (auto it = changes.begin(); it != changes.end(); ++it)
            fields.insert(it.key(), it.value());
        QUrlQuery form;
        for (auto it = fields.begin(); it != fields.end(); ++it)
            form.addQueryItem(it.key(), QString::fromLatin1(QUrl::toPercentEncoding(it.value())));
        return send(QUrl(i.server->baseUrl().toString() + QStringLiteral("/oidc/token")), &form);
    }

    /// GET, or POST with the token in the Authorization header and an empty form (OIDC Core § 5.3.1).
    Http userinfo(Instance &i, const QString &accessToken, const QString &method = QStringLiteral("GET"))
    {
        const QUrlQuery empty;
        return send(QUrl(i.server->baseUrl().toString() + QStringLiteral("/oidc/userinfo")),
            method == QLatin1String("POST") ? &empty : nullptr, accessToken);
    }

    /// @p url with its raw (encoded) query edited: "name=raw" replaces that parameter's item,
    /// "&name=raw" appends one (FranceConnect's encoding choices, repeated or unknown parameters).
    static QUrl editedQuery(const QUrl &url, const QString &edit)
    {
        QStringList items = url.query(QUrl::FullyEncoded).split(QLatin1Char('&'));
        if (edit.startsWith(QLatin1Char('&'))) {
            items.append(edit.mid(1));
        } else {
            const QString name = edit.section(QLatin1Char('='), 0, 0) + QLatin1Char('=');
            for (QString &item : items) {
                if (item.startsWith(name))
                    item = edit;
            }
        }
        QUrl edited = url;
        edited.setQuery(items.join(QLatin1Char('&')), QUrl::StrictMode);
        return edited;
    }

    qint64 uses(Instance &i) { return i.fixture->journal(QStringLiteral("use_autorisation")); }
    qint64 outbox(Instance &i)
    {
        return i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM email_outbox"));
    }
    qint64 codes(Instance &i) { return i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM idp_codes")); }

private slots:
    void initTestCase()
    {
        QCOMPARE(FranceConnectSim::identities().size(), 9);
        QVERIFY(m_smtp.start());
        QVERIFY2(startInstance(m_es, QStringLiteral("ES256"),
                     QStringLiteral(
                         "[smtp]\nurl=%1\nretry_base_seconds=1\nretry_max_seconds=2\npoll_interval_ms=200\n")
                         .arg(m_smtp.url().toString())),
            "ES256 server, simulator and mandats");
        const qint64 usager = m_es.usagerByLogin.at(QStringLiteral("test"));
        const Http exchanged = token(m_es, freshCode(m_es, usager));
        QVERIFY2(exchanged.status == 200, exchanged.body.constData());
        m_agedAccessToken = exchanged.json.value(QStringLiteral("access_token")).toString();
        m_agedCode = freshCode(m_es, usager);
        QVERIFY(!m_agedCode.isEmpty());
        QVERIFY2(startInstance(m_hs, QStringLiteral("HS256")), "HS256 server, simulator and mandats");
    }

    void cleanupTestCase()
    {
        for (Instance *i : { &m_es, &m_hs }) {
            i->fixture.reset();
            i->server.reset();
        }
    }

    void discoveryAndJwks()
    {
        const Http discovery = send(
            QUrl(m_es.server->baseUrl().toString() + QStringLiteral("/.well-known/openid-configuration")),
            nullptr);
        QCOMPARE(discovery.status, 200);
        QCOMPARE(
            discovery.json.value(QStringLiteral("issuer")).toString(), m_es.server->baseUrl().toString());
        QCOMPARE(discovery.json.value(QStringLiteral("id_token_signing_alg_values_supported")).toArray(),
            QJsonArray { QStringLiteral("ES256") });
        QCOMPARE(discovery.json.value(QStringLiteral("token_endpoint_auth_methods_supported")).toArray(),
            QJsonArray { QStringLiteral("client_secret_post") });
        const Http jwks = send(QUrl(discovery.json.value(QStringLiteral("jwks_uri")).toString()), nullptr);
        const QJsonArray keys = jwks.json.value(QStringLiteral("keys")).toArray();
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.first().toObject().value(QStringLiteral("crv")).toString(), QStringLiteral("P-256"));
        QVERIFY(!keys.first().toObject().contains(QStringLiteral("d"))); // never the private part
        // HS256: the key is the client secret, never published.
        const Http hsJwks
            = send(QUrl(m_hs.server->baseUrl().toString() + QStringLiteral("/oidc/jwks")), nullptr);
        QCOMPARE(hsJwks.json.value(QStringLiteral("keys")).toArray().size(), 0);
    }

    // FranceConnect (the simulator, with openid-client) logs the demo service provider in as each
    // test identity, for both id_token algorithms.
    void interop_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("login");
        for (const QString &algorithm : { QStringLiteral("ES256"), QStringLiteral("HS256") }) {
            for (const auto &identity : FranceConnectSim::identities()) {
                const QString login = identity.value(QStringLiteral("login"));
                QTest::addRow("%s %s", qPrintable(algorithm), qPrintable(login)) << algorithm << login;
            }
        }
    }

    void interop()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, login);
        Instance &i = instance(algorithm);
        QMap<QString, QString> identity;
        for (const auto &row : FranceConnectSim::identities()) {
            if (row.value(QStringLiteral("login")) == login)
                identity = row;
        }
        const qint64 usesBefore = uses(i);
        const qint64 outboxBefore = outbox(i);

        FranceConnectBrowser browser;
        const auto start = browser.startDemarche(
            i.server->franceConnect()->demoServiceProvider(), { QStringLiteral("transports") });
        QCOMPARE(start.finalUrl.path(), QStringLiteral("/oidc/authorize"));
        QCOMPARE(start.finalUrl.port(), i.server->baseUrl().port());
        // What FranceConnect sends, as the reference describes it.
        QCOMPARE(queryValue(start.finalUrl, QStringLiteral("state")).size(), 64);
        QCOMPARE(queryValue(start.finalUrl, QStringLiteral("nonce")).size(), 64);
        QCOMPARE(queryValue(start.finalUrl, QStringLiteral("prompt")), QStringLiteral("login"));

        const auto request = createRequest(i, i.aidant, start.finalUrl);
        QCOMPARE(request.status, 200);
        QCOMPARE(request.json.value(QStringLiteral("rep_scope")).toArray(),
            QJsonArray { QStringLiteral("transports") });
        const qint64 usagerId = i.usagerByLogin.at(login);
        QJsonObject listed;
        for (const QJsonValue &u : request.json.value(QStringLiteral("usagers")).toArray()) {
            if (u.toObject().value(QStringLiteral("id")).toInteger() == usagerId)
                listed = u.toObject();
        }
        QCOMPARE(listed.value(QStringLiteral("family_name")).toString(),
            identity.value(QStringLiteral("family_name")));
        // Within rep_scope only: the mandat also covers papiers.
        QCOMPARE(
            listed.value(QStringLiteral("demarches")).toArray(), QJsonArray { QStringLiteral("transports") });

        const auto choice = choose(i, i.aidant, request.json.value(QStringLiteral("id")).toString(), usagerId,
            QStringLiteral("transports"));
        QCOMPARE(choice.status, 200);
        const QUrl redirect(choice.json.value(QStringLiteral("redirect")).toString());
        QCOMPARE(redirect.toString(QUrl::RemoveQuery),
            i.server->franceConnect()->aidantsConnectCallback().toString());
        QCOMPARE(queryValue(redirect, QStringLiteral("state")),
            queryValue(start.finalUrl, QStringLiteral("state")));

        const auto done = browser.follow(redirect);
        QVERIFY2(done.status == 200 && done.finalUrl.path() == QLatin1String("/demo/connected"),
            qPrintable(QStringLiteral("%1 %2: %3")
                           .arg(done.status)
                           .arg(done.finalUrl.toString(), QString::fromUtf8(done.body.left(600)))));
        for (const QString &claim :
            { QStringLiteral("given_name"), QStringLiteral("family_name"), QStringLiteral("birthdate"),
                QStringLiteral("gender"), QStringLiteral("birthplace"), QStringLiteral("birthcountry"),
                QStringLiteral("email"), QStringLiteral("preferred_username") }) {
            QCOMPARE(demoField(done.body, claim), identity.value(claim));
        }
        QCOMPARE(demoField(done.body, QStringLiteral("rep_scope")), QStringLiteral("transports"));
        QVERIFY(done.body.contains("Bienvenue"));

        QCOMPARE(uses(i), usesBefore + 1);
        QCOMPARE(outbox(i), outboxBefore + 1);
        // The journal names the autorisation used, the aidant and the mandat.
        QString row;
        i.server->runSqlBehindServer(
            QStringLiteral("SELECT aidant_id, mandat_id, demarches FROM journal WHERE "
                           "action = 'use_autorisation' ORDER BY seq DESC LIMIT 1"),
            &row);
        QVERIFY2(row.contains(QString::number(i.aidant.account.id))
                && row.contains(QString::number(i.mandatByLogin.at(login)))
                && row.contains(QStringLiteral("transports")),
            qPrintable(row));
    }

    // The same flow for a browser outside the app: server-rendered login, usager and démarche pages.
    void htmlInteraction()
    {
        Instance &i = m_es;
        FranceConnectBrowser browser;
        const auto start = browser.startDemarche(i.server->franceConnect()->demoServiceProvider(), {});
        QCOMPARE(start.finalUrl.path(), QStringLiteral("/oidc/authorize"));
        auto page = browser.follow(start.finalUrl);
        QCOMPARE(page.status, 200);
        QVERIFY(page.finalUrl.path().startsWith(QStringLiteral("/oidc/interaction/")));
        QVERIFY(page.body.contains("name=\"email\"") && page.body.contains("name=\"code\""));
        const QUrl interaction = page.finalUrl;

        // A wrong code: the generic message, and still the login form.
        QUrlQuery form;
        form.addQueryItem(
            QStringLiteral("email"), QString::fromLatin1(QUrl::toPercentEncoding(i.aidant.account.email)));
        form.addQueryItem(QStringLiteral("code"), QStringLiteral("000000"));
        QByteArray body = form.query(QUrl::FullyEncoded).toUtf8();
        page = browser.follow(QUrl(interaction.toString() + QStringLiteral("/login")), &body);
        QCOMPARE(page.status, 401);
        QVERIFY(
            QString::fromUtf8(page.body).contains(QStringLiteral("ne permettent pas de vous identifier")));

        const TestServer::Account account = i.server->createAccount(
            QStringLiteral("web.aidant@example.org"), QStringLiteral("Wendy"), QStringLiteral("WEB"));
        form.clear();
        form.addQueryItem(
            QStringLiteral("email"), QString::fromLatin1(QUrl::toPercentEncoding(account.email)));
        form.addQueryItem(QStringLiteral("code"), i.server->nextCode(account));
        body = form.query(QUrl::FullyEncoded).toUtf8();
        page = browser.follow(QUrl(interaction.toString() + QStringLiteral("/login")), &body);
        QCOMPARE(page.status, 200);
        const QString list = QString::fromUtf8(page.body);
        QVERIFY(list.contains(QStringLiteral("Sélectionnez l&#39;usager que vous souhaitez FranceConnecter"))
            || list.contains(QStringLiteral("Sélectionnez l'usager que vous souhaitez FranceConnecter")));
        const qint64 usagerId = m_es.usagerByLogin.at(QStringLiteral("test"));
        QVERIFY(list.contains(QStringLiteral("id=\"usager-%1\"").arg(usagerId)));
        QVERIFY(list.contains(QStringLiteral("Angela Claire Louise")));

        QVERIFY(list.contains(QStringLiteral("id=\"logout\"")));
        page = browser.follow(QUrl(interaction.toString() + QStringLiteral("?usager=%1").arg(usagerId)));
        const QString demarches = QString::fromUtf8(page.body);
        QVERIFY(demarches.contains(QStringLiteral("vous allez FranceConnecter")));
        QVERIFY(demarches.contains(QStringLiteral("id=\"demarche-papiers\"")));
        QVERIFY(demarches.contains(QStringLiteral("id=\"demarche-transports\"")));
        QVERIFY(!demarches.contains(QStringLiteral("id=\"demarche-argent\"")));
        QVERIFY(demarches.contains(QStringLiteral("Si vous ne trouvez pas le type de démarche")));

        const qint64 usesBefore = uses(i);
        form.clear();
        form.addQueryItem(QStringLiteral("usager"), QString::number(usagerId));
        form.addQueryItem(QStringLiteral("demarche"), QStringLiteral("papiers"));
        body = form.query(QUrl::FullyEncoded).toUtf8();
        page = browser.follow(QUrl(interaction.toString() + QStringLiteral("/choice")), &body);
        QVERIFY2(page.status == 200 && page.finalUrl.path() == QLatin1String("/demo/connected"),
            page.body.left(400).constData());
        QCOMPARE(demoField(page.body, QStringLiteral("family_name")), QStringLiteral("DUBOIS"));
        QCOMPARE(demoField(page.body, QStringLiteral("rep_scope")), QStringLiteral("papiers"));
        QCOMPARE(uses(i), usesBefore + 1);

        // The request is spent: replaying the choice is refused, and another browser is not even
        // offered a login for it.
        page = browser.follow(QUrl(interaction.toString() + QStringLiteral("/choice")), &body);
        QCOMPARE(page.status, 404);
        FranceConnectBrowser stranger;
        page = stranger.follow(interaction);
        QCOMPARE(page.status, 404);
        QVERIFY(!page.body.contains("name=\"code\""));
        // « Se déconnecter » ends the browser session: the next request asks for a login again, and the
        // session is gone on the server.
        page = browser.follow(authorizeUrl(i)); // another request, with the same browser session
        QVERIFY(page.body.contains("id=\"usager-"));
        const QUrl secondInteraction = page.finalUrl;
        const QString sessionsBefore = QString::number(i.fixture->count(
            QStringLiteral("SELECT COUNT(*) FROM sessions WHERE aidant_id = %1").arg(account.id)));
        const QByteArray empty;
        page = browser.follow(
            QUrl(secondInteraction.toString(QUrl::RemoveQuery) + QStringLiteral("/logout")), &empty);
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("name=\"code\""));
        QCOMPARE(i.fixture->count(
                     QStringLiteral("SELECT COUNT(*) FROM sessions WHERE aidant_id = %1").arg(account.id)),
            sessionsBefore.toLongLong() - 1);

        // Outside FranceConnect: an unknown client gets a French page, never a redirect.
        page = browser.follow(authorizeUrl(i, { { QStringLiteral("client_id"), QStringLiteral("intrus") } }));
        QCOMPARE(page.status, 400);
        QVERIFY(QString::fromUtf8(page.body).contains(QStringLiteral("Demande de connexion invalide")));
    }

    // Authorize requests FranceConnect would never send: refused before any choice.
    void authorizeRefusals_data()
    {
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("value"); // null: removed
        QTest::addColumn<bool>("redirects"); // the error goes back to FranceConnect
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown client") << "client_id"
                                        << "inconnu" << false << "";
        QTest::newRow("redirect_uri one character off") << "redirect_uri"
                                                        << "REDIRECT+1" << false << "";
        QTest::newRow("redirect_uri with a query") << "redirect_uri"
                                                   << "REDIRECT?x=1" << false << "";
        QTest::newRow("missing state") << "state" << QString() << true << "invalid_request";
        QTest::newRow("malformed state") << "state"
                                         << "<script>" << true << "invalid_request";
        QTest::newRow("short state") << "state"
                                     << "abc123" << true << "invalid_request";
        QTest::newRow("missing nonce") << "nonce" << QString() << true << "invalid_request";
        QTest::newRow("malformed nonce")
            << "nonce"
            << "a b c d e f a b c d e f a b c d e f a b c d e f" << true << "invalid_request";
        QTest::newRow("repeated state")
            << "RAW"
            << "&state=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" << true
            << "invalid_request";
        QTest::newRow("repeated scope") << "RAW"
                                        << "&scope=openid" << true << "invalid_request";
        QTest::newRow("request object")
            << "RAW"
            << "&request=eyJhbGciOiJub25lIn0.e30." << true << "request_not_supported";
        QTest::newRow("request_uri") << "RAW"
                                     << "&request_uri=https%3A%2F%2Fevil.example%2Fr" << true
                                     << "request_uri_not_supported";
        QTest::newRow("scope with %2B: one scope")
            << "RAW"
            << "scope=openid%2Bprofile%2Bemail%2Bbirth" << true << "invalid_scope";
        QTest::newRow("wrong acr_values") << "acr_values"
                                          << "eidas2" << true << "invalid_request";
        QTest::newRow("missing acr_values") << "acr_values" << QString() << true << "invalid_request";
        QTest::newRow("missing prompt") << "prompt" << QString() << true << "invalid_request";
        QTest::newRow("prompt without login") << "prompt"
                                              << "consent" << true << "invalid_request";
        QTest::newRow("token response_type") << "response_type"
                                             << "token" << true << "unsupported_response_type";
        QTest::newRow("scope without birth") << "scope"
                                             << "openid profile email" << true << "invalid_scope";
        QTest::newRow("claims not JSON") << "claims"
                                         << "{rep_scope" << true << "invalid_request";
        QTest::newRow("rep_scope unknown démarche")
            << "claims"
            << "{\"id_token\":{\"rep_scope\":{\"values\":[\"casino\"]}}}" << true << "invalid_request";
    }

    void authorizeRefusals()
    {
        QFETCH(QString, parameter);
        QFETCH(QString, value);
        QFETCH(bool, redirects);
        QFETCH(QString, error);
        Instance &i = m_es;
        const QString callback = i.server->franceConnect()->aidantsConnectCallback().toString();
        if (value.startsWith(QLatin1String("REDIRECT")))
            value = value == QLatin1String("REDIRECT+1") ? callback + QStringLiteral("x")
                                                         : callback + value.mid(8);
        const QUrl url = parameter == QLatin1String("RAW") ? editedQuery(authorizeUrl(i), value)
                                                           : authorizeUrl(i, { { parameter, value } });
        const qint64 requests = i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM idp_requests"));
        const qint64 usesBefore = uses(i);
        const qint64 outboxBefore = outbox(i);

        const auto api = createRequest(i, i.aidant, url);
        QCOMPARE(api.status, 400);
        QCOMPARE(
            api.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_authorize_request"));
        const QUrl apiRedirect(api.json.value(QStringLiteral("redirect")).toString());
        QCOMPARE(!apiRedirect.isEmpty(), redirects);

        FranceConnectBrowser browser;
        const auto page = browser.get(url);
        if (redirects) {
            QCOMPARE(page.status, 302);
            QCOMPARE(page.finalUrl.toString(QUrl::RemoveQuery), callback);
            QCOMPARE(queryValue(page.finalUrl, QStringLiteral("error")), error);
            QCOMPARE(queryValue(apiRedirect, QStringLiteral("error")), error);
            // The state goes back only when it is well-formed.
            const QString sent = QUrlQuery(url).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
            QCOMPARE(
                queryValue(page.finalUrl, QStringLiteral("state")), sent.size() == 64 ? sent : QString());
        } else {
            QCOMPARE(page.status, 400);
            QVERIFY(page.body.contains("<html"));
        }
        QCOMPARE(i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM idp_requests")), requests);
        QCOMPARE(uses(i), usesBefore);
        QCOMPARE(outbox(i), outboxBefore);
    }

    // What the standards require us to accept (docs/identity-provider.md § Standards): the query is
    // application/x-www-form-urlencoded, unknown parameters are ignored, empty ones are as if absent.
    void authorizeAccepted_data()
    {
        QTest::addColumn<QString>("edit"); // of the raw query, as editedQuery() takes it
        QTest::newRow("as FranceConnect sends it") << "";
        QTest::newRow("scope with + for spaces") << "scope=openid+profile+email+birth";
        QTest::newRow("scope with %20 for spaces") << "scope=openid%20profile%20email%20birth";
        QTest::newRow("unknown ui_locales") << "&ui_locales=fr-FR+en";
        QTest::newRow("unknown login_hint") << "&login_hint=aidant%40example.org";
        QTest::newRow("unknown max_age") << "&max_age=0";
        QTest::newRow("unknown display") << "&display=page";
        QTest::newRow("unknown parameter repeated") << "&x-fc=1&x-fc=2";
        QTest::newRow("empty claims as if absent") << "&claims=";
    }

    void authorizeAccepted()
    {
        QFETCH(QString, edit);
        Instance &i = m_es;
        const QUrl url = edit.isEmpty() ? authorizeUrl(i) : editedQuery(authorizeUrl(i), edit);
        const qint64 requests = i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM idp_requests"));

        const auto api = createRequest(i, i.aidant, url);
        QVERIFY2(api.status == 200, api.body.constData());
        QCOMPARE(api.json.value(QStringLiteral("id")).toString().size(), 43);
        QVERIFY(!api.json.contains(QStringLiteral("rep_scope")));

        FranceConnectBrowser browser;
        const auto page = browser.get(url);
        QVERIFY2(page.status == 303, qPrintable(page.finalUrl.toString()));
        QVERIFY(page.finalUrl.path().startsWith(QStringLiteral("/oidc/interaction/")));
        QCOMPARE(i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM idp_requests")), requests + 2);
    }

    // Choices the aidant may not make: no code, nothing journalled, nothing sent.
    void choiceRefusals_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("démarche outside the mandat") << "outside mandat" << 403 << "no_active_autorisation";
        QTest::newRow("démarche outside rep_scope") << "outside rep_scope" << 403 << "demarche_not_requested";
        QTest::newRow("usager of another organisation")
            << "other organisation" << 403 << "no_active_autorisation";
        QTest::newRow("expired mandat") << "expired" << 403 << "no_active_autorisation";
        QTest::newRow("revoked autorisation") << "revoked" << 403 << "no_active_autorisation";
        QTest::newRow("unknown démarche") << "unknown demarche" << 400 << "invalid_field";
        QTest::newRow("another aidant's request") << "other aidant" << 404 << "idp_request_not_found";
        QTest::newRow("request already used") << "used" << 404 << "idp_request_not_found";
    }

    void choiceRefusals()
    {
        QFETCH(QString, situation);
        QFETCH(int, status);
        QFETCH(QString, error);
        Instance &i = m_es;
        Aidant chooser = i.aidant;
        qint64 usager = i.usagerByLogin.at(QStringLiteral("test"));
        QString demarche = QStringLiteral("papiers");
        QStringList repScope;
        if (situation == QLatin1String("outside mandat")) {
            demarche = QStringLiteral("argent");
        } else if (situation == QLatin1String("outside rep_scope")) {
            repScope = { QStringLiteral("transports") };
        } else if (situation == QLatin1String("other organisation")) {
            chooser = i.fixture->newAidant();
            const QString sql = QStringLiteral("INSERT INTO organisations (name, allowed_demarches, "
                                               "created_at) VALUES ('Ailleurs %1', 'papiers', 0);"
                                               "INSERT INTO aidant_organisations (aidant_id, "
                                               "organisation_id) SELECT %1, MAX(id) FROM organisations;"
                                               "UPDATE aidants SET current_organisation_id = (SELECT MAX(id) "
                                               "FROM organisations) WHERE id = %1;")
                                    .arg(chooser.account.id);
            QCOMPARE(i.server->runSqlBehindServer(sql), 0);
        } else if (situation == QLatin1String("expired")) {
            usager = i.usagerByLogin.at(QStringLiteral("avec_nom_dusage"));
            QCOMPARE(i.server->runSqlBehindServer(
                         QStringLiteral("UPDATE mandats SET expires_at = 1000 WHERE id = %1;")
                             .arg(i.mandatByLogin.at(QStringLiteral("avec_nom_dusage")))),
                0);
        } else if (situation == QLatin1String("revoked")) {
            const QString login = FranceConnectSim::identities().at(2).value(QStringLiteral("login"));
            usager = i.usagerByLogin.at(login);
            const qint64 mandat = i.mandatByLogin.at(login);
            const auto m = i.server->request(
                "GET", QStringLiteral("/api/v1/mandats/%1").arg(mandat), {}, i.aidant.token);
            qint64 autorisation = 0;
            for (const QJsonValue &a : m.json.value(QStringLiteral("autorisations")).toArray()) {
                if (a.toObject().value(QStringLiteral("demarche")).toString() == demarche)
                    autorisation = a.toObject().value(QStringLiteral("id")).toInteger();
            }
            QVERIFY(autorisation > 0);
            QCOMPARE(i.server
                         ->request("POST",
                             QStringLiteral("/api/v1/mandats/%1/autorisations/%2/revoke")
                                 .arg(mandat)
                                 .arg(autorisation),
                             "{}", i.aidant.token)
                         .status,
                200);
        } else if (situation == QLatin1String("unknown demarche")) {
            demarche = QStringLiteral("casino");
        }

        const auto request = createRequest(i, chooser, authorizeUrl(i, {}, repScope));
        QCOMPARE(request.status, 200);
        QString id = request.json.value(QStringLiteral("id")).toString();
        // Nothing the aidant may not choose is even offered.
        for (const QJsonValue &u : request.json.value(QStringLiteral("usagers")).toArray()) {
            if (status == 403 && u.toObject().value(QStringLiteral("id")).toInteger() == usager)
                QVERIFY(!u.toObject().value(QStringLiteral("demarches")).toArray().contains(demarche));
        }
        if (situation == QLatin1String("other aidant")) {
            chooser = i.fixture->newAidant();
        } else if (situation == QLatin1String("used")) {
            QCOMPARE(choose(i, chooser, id, usager, QStringLiteral("transports")).status, 200);
        }
        const qint64 codesBefore = codes(i);
        const qint64 usesBefore = uses(i);
        const qint64 outboxBefore = outbox(i);
        const auto refused = choose(i, chooser, id, usager, demarche);
        QCOMPARE(refused.status, status);
        QCOMPARE(refused.json.value(QStringLiteral("error")).toString(), error);
        QVERIFY(!refused.json.value(QStringLiteral("message")).toString().isEmpty());
        QCOMPARE(codes(i), codesBefore);
        QCOMPARE(uses(i), usesBefore);
        QCOMPARE(outbox(i), outboxBefore);
    }

    // FranceConnect's back channel: each refusal leaves the journal and the outbox unchanged.
    void tokenRefusals_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("wrong client secret")
            << "client_secret"
            << "not-the-secret-not-the-secret-not" << 401 << "invalid_client";
        QTest::newRow("no client secret") << "client_secret"
                                          << "" << 401 << "invalid_client";
        QTest::newRow("unknown client") << "client_id"
                                        << "inconnu" << 401 << "invalid_client";
        QTest::newRow("code bound to another redirect URI") << "redirect_uri"
                                                            << "OTHER" << 400 << "invalid_grant";
        QTest::newRow("unknown code")
            << "code"
            << "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" << 400 << "invalid_grant";
        QTest::newRow("wrong grant_type") << "grant_type"
                                          << "client_credentials" << 400 << "unsupported_grant_type";
        // Between the aidant's choice and FranceConnect's exchange (the code is theirs, the SQL runs behind
        // the server).
        QTest::newRow("aidant deactivated since the choice")
            << "AIDANT"
            << "UPDATE aidants SET is_active = FALSE WHERE id = %1;" << 400 << "invalid_grant";
        QTest::newRow("aidant removed from the organisation since the choice")
            << "AIDANT"
            << "DELETE FROM aidant_organisations WHERE aidant_id = %1;" << 400 << "invalid_grant";
    }

    void tokenRefusals()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(int, status);
        QFETCH(QString, error);
        Instance &i = m_es;
        const Aidant chooser = field == QLatin1String("AIDANT") ? i.fixture->newAidant() : i.aidant;
        const QString code = freshCode(
            i, i.usagerByLogin.at(QStringLiteral("test")), QStringLiteral("papiers"), nullptr, &chooser);
        QVERIFY(!code.isEmpty());
        if (field == QLatin1String("AIDANT")) {
            QCOMPARE(i.server->runSqlBehindServer(value.arg(chooser.account.id)), 0);
            field.clear();
        }
        if (value == QLatin1String("OTHER"))
            value = i.server->franceConnect()->aidantsConnectCallback().toString() + QStringLiteral("/other");
        const qint64 usesBefore = uses(i);
        const qint64 outboxBefore = outbox(i);
        const Http refused = token(i, code,
            field.isEmpty() ? QMap<QString, QString> {} : QMap<QString, QString> { { field, value } });
        QCOMPARE(refused.status, status);
        QCOMPARE(refused.json.value(QStringLiteral("error")).toString(), error);
        QVERIFY(!refused.json.contains(QStringLiteral("access_token")));
        QCOMPARE(uses(i), usesBefore);
        QCOMPARE(outbox(i), outboxBefore);
    }

    void codeExchangedTwice()
    {
        Instance &i = m_es;
        const QString code = freshCode(i, i.usagerByLogin.at(QStringLiteral("test")));
        const Http first = token(i, code);
        QCOMPARE(first.status, 200);
        const QString accessToken = first.json.value(QStringLiteral("access_token")).toString();
        QCOMPARE(userinfo(i, accessToken).status, 200);
        const qint64 usesBefore = uses(i);
        const qint64 outboxBefore = outbox(i);
        const Http second = token(i, code);
        QCOMPARE(second.status, 400);
        QCOMPARE(second.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
        // What the first exchange issued is revoked.
        const Http revoked = userinfo(i, accessToken);
        QCOMPARE(revoked.status, 401);
        QVERIFY(revoked.header("WWW-Authenticate").contains("invalid_token"));
        QCOMPARE(uses(i), usesBefore);
        QCOMPARE(outbox(i), outboxBefore);
    }

    void tokenAnswerAndIdToken()
    {
        Instance &i = m_es;
        const qint64 usager = i.usagerByLogin.at(QStringLiteral("test"));
        QUrl redirect;
        const QString code = freshCode(i, usager, QStringLiteral("papiers"), &redirect);
        QCOMPARE(code.size(), 43);
        const Http answer = token(i, code);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(answer.json.value(QStringLiteral("expires_in")).toInt(), 60);
        QCOMPARE(answer.header("Cache-Control"), QByteArray("no-store"));
        const QList<QByteArray> parts
            = answer.json.value(QStringLiteral("id_token")).toString().toLatin1().split('.');
        QCOMPARE(parts.size(), 3);
        const QJsonObject header
            = QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding))
                  .object();
        const QJsonObject claims
            = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
                  .object();
        QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), i.server->baseUrl().toString());
        QCOMPARE(claims.value(QStringLiteral("aud")).toString(), i.server->idpClientId());
        QCOMPARE(claims.value(QStringLiteral("acr")).toString(), QStringLiteral("eidas1"));
        QCOMPARE(
            claims.value(QStringLiteral("rep_scope")).toArray(), QJsonArray { QStringLiteral("papiers") });
        QCOMPARE(
            claims.value(QStringLiteral("exp")).toInteger() - claims.value(QStringLiteral("iat")).toInteger(),
            60);
        // sub: the usager's stored hashed sub, never FranceConnect's own.
        QString stored;
        i.server->runSqlBehindServer(
            QStringLiteral("SELECT sub_hash FROM usagers WHERE id = %1").arg(usager), &stored);
        QCOMPARE(claims.value(QStringLiteral("sub")).toString(), stored.trimmed());
        const Http info = userinfo(i, answer.json.value(QStringLiteral("access_token")).toString());
        QCOMPARE(info.json.value(QStringLiteral("sub")).toString(), stored.trimmed());
        QCOMPARE(info.json.value(QStringLiteral("birthcountry")).toString(), QStringLiteral("99100"));
        QVERIFY(!info.json.contains(QStringLiteral("preferred_username"))); // empty for this identity
    }

    // The aidant must be recently active: an idle session cannot start or answer a request.
    void idleAidantRefused()
    {
        Instance &i = m_es;
        const Aidant idle = i.fixture->newAidant();
        const auto request = createRequest(i, idle, authorizeUrl(i));
        QCOMPARE(request.status, 200);
        QCOMPARE(i.server->runSqlBehindServer(
                     QStringLiteral("UPDATE sessions SET last_activity_at = 0 WHERE aidant_id = %1;")
                         .arg(idle.account.id)),
            0);
        const auto refused = choose(i, idle, request.json.value(QStringLiteral("id")).toString(),
            i.usagerByLogin.at(QStringLiteral("test")), QStringLiteral("papiers"));
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.json.value(QStringLiteral("error")).toString(), QStringLiteral("session_locked"));
        QCOMPARE(createRequest(i, idle, authorizeUrl(i)).status, 401);
    }

    // OIDC Core § 5.3.1: userinfo answers GET and POST alike.
    void userinfoMethods_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("GET") << "GET";
        QTest::newRow("POST") << "POST";
    }

    void userinfoMethods()
    {
        QFETCH(QString, method);
        Instance &i = m_es;
        const qint64 usager = i.usagerByLogin.at(QStringLiteral("test"));
        const Http answer = token(i, freshCode(i, usager));
        QCOMPARE(answer.status, 200);
        const Http info = userinfo(i, answer.json.value(QStringLiteral("access_token")).toString(), method);
        QVERIFY2(info.status == 200, info.body.constData());
        QString stored;
        i.server->runSqlBehindServer(
            QStringLiteral("SELECT sub_hash FROM usagers WHERE id = %1").arg(usager), &stored);
        QCOMPARE(info.json.value(QStringLiteral("sub")).toString(), stored.trimmed());
        QCOMPARE(info.json.value(QStringLiteral("family_name")).toString(), QStringLiteral("DUBOIS"));
    }

    void userinfoRefusals_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("GET") << "GET";
        QTest::newRow("POST") << "POST";
    }

    void userinfoRefusals()
    {
        QFETCH(QString, method);
        Instance &i = m_es;
        const qint64 usesBefore = uses(i);
        const qint64 outboxBefore = outbox(i);
        for (const QString &token :
            { QStringLiteral("unknown-token-unknown-token-unknown-token-12"), QString() }) {
            const Http refused = userinfo(i, token, method);
            QCOMPARE(refused.status, 401);
            QCOMPARE(refused.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_token"));
        }
        QCOMPARE(uses(i), usesBefore);
        QCOMPARE(outbox(i), outboxBefore);
    }

    void autorisationRevokedBeforeExchange()
    {
        Instance &i = m_es;
        const QString login = FranceConnectSim::identities().at(3).value(QStringLiteral("login"));
        const qint64 mandat = i.mandatByLogin.at(login);
        const QString code = freshCode(i, i.usagerByLogin.at(login), QStringLiteral("transports"));
        QVERIFY(!code.isEmpty());
        QCOMPARE(i.server
                     ->request("POST", QStringLiteral("/api/v1/mandats/%1/revoke").arg(mandat), "{}",
                         i.aidant.token)
                     .status,
            200);
        const qint64 usesBefore = uses(i);
        const Http refused = token(i, code);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
        QCOMPARE(uses(i), usesBefore);
    }

    void logout()
    {
        Instance &i = m_es;
        const QUrl registered = i.server->franceConnect()->aidantsConnectLogoutCallback();
        const QString state = randomHex64();
        QUrl url(i.server->baseUrl().toString() + QStringLiteral("/oidc/logout"));
        url.setQuery(QStringLiteral("post_logout_redirect_uri=%1&state=%2")
                         .arg(QString::fromLatin1(QUrl::toPercentEncoding(registered.toString())), state));
        FranceConnectBrowser browser;
        auto page = browser.get(url);
        QCOMPARE(page.status, 302);
        QCOMPARE(page.finalUrl.toString(QUrl::RemoveQuery), registered.toString());
        QCOMPARE(queryValue(page.finalUrl, QStringLiteral("state")), state);
        url.setQuery(
            QStringLiteral("post_logout_redirect_uri=%1")
                .arg(QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("https://evil.example/")))));
        page = browser.get(url);
        QCOMPARE(page.status, 400); // never an open redirect
    }

    // The usager's notice: written with the journal entry, sent by the outbox worker; a relay that is
    // down delays it, and it arrives exactly once when the relay is back.
    void emailNotice()
    {
        Instance &i = m_es;
        const auto angela = FranceConnectSim::identities().at(0);
        const QString email = angela.value(QStringLiteral("email"));
        const auto noticesTo = [&] {
            int n = 0;
            for (const SmtpSink::Message &m : m_smtp.messages())
                n += m.rcptTos.contains(email) ? 1 : 0;
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL")) == 0,
            20000);
        const int before = noticesTo();
        QCOMPARE(
            token(i, freshCode(i, i.usagerByLogin.at(QStringLiteral("test")), QStringLiteral("transports")))
                .status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(noticesTo(), before + 1, 20000);
        const SmtpSink::Message notice = m_smtp.messages().last();
        QCOMPARE(notice.subject, QStringLiteral("Aidants Connect : une démarche a été réalisée pour vous"));
        QVERIFY2(
            notice.body.contains(QStringLiteral("Angela Claire Louise DUBOIS")), qPrintable(notice.body));
        QVERIFY(notice.body.contains(QStringLiteral("« Transports »"))
            || notice.body.contains(QStringLiteral("Transports")));
        QVERIFY(notice.body.contains(i.server->organisationName()));
        QVERIFY(notice.body.contains(i.aidant.account.lastName));

        // The relay is down: the notice waits in the outbox, nothing is lost.
        m_smtp.stop();
        QCOMPARE(token(i, freshCode(i, i.usagerByLogin.at(QStringLiteral("test")), QStringLiteral("papiers")))
                     .status,
            200);
        QTRY_VERIFY_WITH_TIMEOUT(
            i.fixture->count(QStringLiteral("SELECT MAX(attempts) FROM email_outbox WHERE sent_at IS NULL"))
                >= 2,
            20000);
        QCOMPARE(
            i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL")), 1);
        QCOMPARE(noticesTo(), before + 1);
        // Back: delivered once, and only once.
        QVERIFY(m_smtp.start());
        QTRY_COMPARE_WITH_TIMEOUT(noticesTo(), before + 2, 20000);
        QTest::qWait(3000);
        QCOMPARE(noticesTo(), before + 2);
        QCOMPARE(
            i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL")), 0);
        QVERIFY(m_smtp.messages().last().body.contains(QStringLiteral("Papiers")));
    }

    // Last: by now more than 60 s have passed since initTestCase made these.
    void agedCodeAndToken()
    {
        Instance &i = m_es;
        QVERIFY(!m_agedCode.isEmpty());
        QTRY_VERIFY2_WITH_TIMEOUT(userinfo(i, m_agedAccessToken).status == 401,
            userinfo(i, m_agedAccessToken).body.constData(), 70000);
        const qint64 usesBefore = uses(i);
        const qint64 outboxBefore = outbox(i);
        const Http refused = token(i, m_agedCode);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
        QCOMPARE(uses(i), usesBefore);
        QCOMPARE(outbox(i), outboxBefore);
    }

    // Expired requests, codes and tokens are purged a day after they end, as new requests come.
    void purge()
    {
        Instance &i = m_es;
        QCOMPARE(i.server->runSqlBehindServer(
                     QStringLiteral("UPDATE idp_requests SET expires_at = 1 WHERE completed_at IS NOT NULL;"
                                    "UPDATE idp_access_tokens SET expires_at = 1;"
                                    "UPDATE idp_codes SET expires_at = 1 WHERE used_at IS NOT NULL;")),
            0);
        const qint64 codesBefore = codes(i);
        QVERIFY(codesBefore > 0);
        // The purge runs at most once a minute, with a new request.
        QTRY_VERIFY_WITH_TIMEOUT(createRequest(i, i.aidant, authorizeUrl(i)).status == 200
                && i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM idp_access_tokens")) == 0,
            70000);
        QVERIFY(codes(i) < codesBefore);
        QCOMPARE(
            i.fixture->count(QStringLiteral("SELECT COUNT(*) FROM idp_requests WHERE expires_at = 1")), 0);
    }

    void journalVerifiesAndLogsHoldNoIdentity()
    {
        for (Instance *i : { &m_es, &m_hs }) {
            QString output;
            QVERIFY2(
                i->server->runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output) == 0,
                qPrintable(output));
        }
        // The server log never holds an usager's identity, a code or a token.
        QDir dir(QFileInfo(m_es.server->configPath()).absolutePath());
        QByteArray logs;
        for (const QString &name : dir.entryList({ QStringLiteral("*.log") }, QDir::Files)) {
            QFile f(dir.filePath(name));
            if (f.open(QIODevice::ReadOnly))
                logs += f.readAll();
        }
        QVERIFY(!logs.isEmpty());
        for (const auto &identity : FranceConnectSim::identities()) {
            QVERIFY2(!logs.contains(identity.value(QStringLiteral("email")).toUtf8()),
                "an usager's email in a log");
            QVERIFY2(!logs.contains(identity.value(QStringLiteral("given_name")).toUtf8()),
                "an usager's name in a log");
        }
        QVERIFY(!logs.contains(m_agedCode.toLatin1()));
    }
};

QTEST_GUILESS_MAIN(TestDemarche)
#include "testDemarche.moc"
