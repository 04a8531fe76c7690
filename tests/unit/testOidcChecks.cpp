// The identity provider's protocol rules (sync-server/OidcChecks.*), data-driven, without a server:
// the authorize request (RFC 6749 § 3.1 and § 4.1.1, FranceConnect's profile), form decoding, the
// token request, the code's bindings, redirect-URI exactness.
#include "ConstantTime.h"
#include "OidcChecks.h"

#include <QTest>

#include <utility>

namespace {
const QString kClientId = QStringLiteral("franceconnect-client");
const QString kSecret = QStringLiteral("0123456789abcdef0123456789abcdef-secret");
const QString kCallback = QStringLiteral("https://fc.example/oidc_callback/aidants-connect");
const QString kState
    = QStringLiteral("5b1a0e8c4f2d6a9b7c3e1f0a2b4c6d8e9f1a3b5c7d9e0f2a4b6c8d0e1f3a5b7c"); // 64 hex
const QString kNonce = QStringLiteral("c7b5a3f1e0d8c6b4a2f0e9d7c5b3a1f0e8d6c4b2a0f9e7d5c3b1a0f8e6d4c2b0");

IdpClientConfig client()
{
    return { kClientId, kSecret, { QUrl(kCallback) },
        { QUrl(QStringLiteral("https://fc.example/logout-callback")) } };
}

QString enc(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

using Items = QList<std::pair<QString, QString>>; // name, raw (already encoded) value

/// The authorize query exactly as FranceConnect sends it (values percent-encoded, spaces as %20).
Items franceConnect()
{
    return { { QStringLiteral("response_type"), QStringLiteral("code") },
        { QStringLiteral("client_id"), enc(kClientId) }, { QStringLiteral("redirect_uri"), enc(kCallback) },
        { QStringLiteral("scope"), QStringLiteral("openid%20profile%20email%20birth") },
        { QStringLiteral("acr_values"), QStringLiteral("eidas1") }, { QStringLiteral("state"), kState },
        { QStringLiteral("nonce"), kNonce }, { QStringLiteral("prompt"), QStringLiteral("login") } };
}

/// @p base with @p name's raw value replaced (a null @p raw removes it), or appended when absent.
Items with(Items base, const QString &name, const QString &raw)
{
    for (qsizetype i = 0; i < base.size(); ++i) {
        if (base[i].first == name) {
            if (raw.isNull())
                base.removeAt(i);
            else
                base[i].second = raw;
            return base;
        }
    }
    if (!raw.isNull())
        base.append({ name, raw });
    return base;
}

Items adding(Items base, const QString &name, const QString &raw)
{
    base.append({ name, raw });
    return base;
}

QString joined(const Items &items)
{
    QStringList parts;
    for (const auto &[name, raw] : items)
        parts.append(name + QLatin1Char('=') + raw);
    return parts.join(QLatin1Char('&'));
}

QString claims(const QString &repScopeValuesJson)
{
    return enc(QStringLiteral("{\"id_token\":{\"rep_scope\":{\"essential\":true,\"values\":%1}}}")
                   .arg(repScopeValuesJson));
}
} // namespace

class TestOidcChecks : public QObject
{
    Q_OBJECT

private slots:
    // application/x-www-form-urlencoded: '+' is a space, "%2B" a '+'.
    void formItems_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::newRow("plus is a space") << "scope=openid+profile"
                                         << "scope"
                                         << "openid profile";
        QTest::newRow("%20 is a space") << "scope=openid%20profile"
                                        << "scope"
                                        << "openid profile";
        QTest::newRow("%2B is a plus") << "v=a%2Bb"
                                       << "v"
                                       << "a+b";
        QTest::newRow("%2b lower case") << "v=a%2bb"
                                        << "v"
                                        << "a+b";
        QTest::newRow("both in one value") << "v=a+%2B+b"
                                           << "v"
                                           << "a + b";
        QTest::newRow("UTF-8") << "v=d%C3%A9marche"
                               << "v"
                               << "démarche";
        QTest::newRow("encoded ampersand") << "v=a%26b"
                                           << "v"
                                           << "a&b";
        QTest::newRow("encoded equals") << "v=a%3Db"
                                        << "v"
                                        << "a=b";
        QTest::newRow("encoded percent") << "v=100%25"
                                         << "v"
                                         << "100%";
        QTest::newRow("plus in the name") << "a+b=1"
                                          << "a b"
                                          << "1";
        QTest::newRow("no value") << "v"
                                  << "v"
                                  << "";
    }

    void formItems()
    {
        QFETCH(QString, raw);
        QFETCH(QString, name);
        QFETCH(QString, value);
        const auto items = OidcChecks::formItems(QUrlQuery(raw));
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().first, name);
        QCOMPARE(items.first().second, value);
    }

    void formItemsKeepOrderAndRepeats()
    {
        const auto items = OidcChecks::formItems(QUrlQuery(QStringLiteral("a=1&b=2&a=3")));
        QCOMPARE(items,
            (QList<std::pair<QString, QString>> { { QStringLiteral("a"), QStringLiteral("1") },
                { QStringLiteral("b"), QStringLiteral("2") },
                { QStringLiteral("a"), QStringLiteral("3") } }));
    }

    // Each row: the raw query, the OAuth error (empty: accepted), whether errors may go back to the
    // redirect URI, and the rep_scope kept ("-": none asked).
    void checkAuthorize_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("error");
        QTest::addColumn<bool>("trusted");
        QTest::addColumn<QString>("repScope");
        const Items fc = franceConnect();
        const auto ok
            = [](const char *name, const Items &items, const QString &repScope = QStringLiteral("-")) {
                  QTest::newRow(name) << joined(items) << QString() << true << repScope;
              };
        const auto refused
            = [](const char *name, const Items &items, const char *error, bool trusted = true) {
                  QTest::newRow(name)
                      << joined(items) << QString::fromLatin1(error) << trusted << QStringLiteral("-");
              };

        // Accepted.
        ok("as FranceConnect sends it", fc);
        ok("scope with + for spaces",
            with(fc, QStringLiteral("scope"), QStringLiteral("openid+profile+email+birth")));
        ok("scope mixing + and %20",
            with(fc, QStringLiteral("scope"), QStringLiteral("openid+profile%20email+birth")));
        ok("scope in another order, with more",
            with(fc, QStringLiteral("scope"), QStringLiteral("birth+email+phone+openid+profile")));
        ok("prompt login consent", with(fc, QStringLiteral("prompt"), QStringLiteral("login+consent")));
        ok("parameters in another order",
            Items { fc.begin() + 4, fc.end() } + Items { fc.begin(), fc.begin() + 4 });
        // RFC 6749 § 3.1: unrecognized parameters MUST be ignored (what FranceConnect may add any day,
        // and what the OpenID Foundation's basic OP plan sends).
        for (const char *name :
            { "ui_locales", "login_hint", "max_age", "display", "id_token_hint", "claims_locales",
                "code_challenge", "code_challenge_method", "response_mode", "registration", "x-unknown" }) {
            QTest::addRow("unknown parameter %s ignored", name)
                << joined(adding(fc, QString::fromLatin1(name), QStringLiteral("fr+en"))) << QString() << true
                << QStringLiteral("-");
        }
        ok("an unknown parameter repeated is ignored too",
            adding(adding(fc, QStringLiteral("ui_locales"), QStringLiteral("fr")),
                QStringLiteral("ui_locales"), QStringLiteral("en")));
        // RFC 6749 § 3.1: parameters sent without a value are treated as omitted.
        ok("empty claims as if absent", adding(fc, QStringLiteral("claims"), QString(QLatin1String(""))));
        ok("an empty state beside the real one",
            adding(fc, QStringLiteral("state"), QString(QLatin1String(""))));
        ok("claims with rep_scope",
            adding(fc, QStringLiteral("claims"), claims(QStringLiteral("[\"transports\"]"))),
            QStringLiteral("transports"));
        ok("rep_scope repeated values kept once",
            adding(fc, QStringLiteral("claims"),
                claims(QStringLiteral("[\"papiers\",\"transports\",\"papiers\"]"))),
            QStringLiteral("papiers,transports"));
        ok("claims without rep_scope",
            adding(fc, QStringLiteral("claims"), enc(QStringLiteral("{\"userinfo\":{}}"))));
        ok("claims encoded with + for spaces",
            adding(fc, QStringLiteral("claims"),
                QStringLiteral("%7B+%22id_token%22+%3A+%7B%22rep_scope%22%3A%7B%22values%22%3A%5B%22argent%"
                               "22%5D%7D%7D%7D")),
            QStringLiteral("argent"));
        ok("state of 32 characters", with(fc, QStringLiteral("state"), QString(32, QLatin1Char('a'))));
        ok("state of 256 characters", with(fc, QStringLiteral("state"), QString(256, QLatin1Char('a'))));

        // Client and redirect URI unknown: nothing goes back to the redirect URI.
        refused("unknown client", with(fc, QStringLiteral("client_id"), QStringLiteral("intrus")),
            "invalid_client", false);
        refused("missing client", with(fc, QStringLiteral("client_id"), QString()), "invalid_client", false);
        refused("redirect_uri one character off",
            with(fc, QStringLiteral("redirect_uri"), enc(kCallback + QLatin1Char('x'))), "invalid_request",
            false);
        refused("redirect_uri with a trailing slash",
            with(fc, QStringLiteral("redirect_uri"), enc(kCallback + QLatin1Char('/'))), "invalid_request",
            false);
        refused("redirect_uri with a query",
            with(fc, QStringLiteral("redirect_uri"), enc(kCallback + QStringLiteral("?x=1"))),
            "invalid_request", false);
        refused("redirect_uri in upper case",
            with(fc, QStringLiteral("redirect_uri"), enc(kCallback.toUpper())), "invalid_request", false);
        refused("redirect_uri over http",
            with(fc, QStringLiteral("redirect_uri"),
                enc(QString(kCallback).replace(QStringLiteral("https:"), QStringLiteral("http:")))),
            "invalid_request", false);
        refused("missing redirect_uri", with(fc, QStringLiteral("redirect_uri"), QString()),
            "invalid_request", false);

        // After: OAuth errors to the registered redirect URI.
        refused("repeated state", adding(fc, QStringLiteral("state"), kState), "invalid_request");
        refused("repeated scope", adding(fc, QStringLiteral("scope"), QStringLiteral("openid")),
            "invalid_request");
        refused(
            "repeated client_id", adding(fc, QStringLiteral("client_id"), enc(kClientId)), "invalid_request");
        refused("request object",
            adding(fc, QStringLiteral("request"), QStringLiteral("eyJhbGciOiJub25lIn0.e30.")),
            "request_not_supported");
        refused("request_uri",
            adding(fc, QStringLiteral("request_uri"), enc(QStringLiteral("https://fc.example/r/1"))),
            "request_uri_not_supported");
        refused("token response_type", with(fc, QStringLiteral("response_type"), QStringLiteral("token")),
            "unsupported_response_type");
        refused("code id_token response_type",
            with(fc, QStringLiteral("response_type"), QStringLiteral("code+id_token")),
            "unsupported_response_type");
        refused("missing response_type", with(fc, QStringLiteral("response_type"), QString()),
            "unsupported_response_type");
        refused("missing state", with(fc, QStringLiteral("state"), QString()), "invalid_request");
        refused(
            "short state", with(fc, QStringLiteral("state"), QStringLiteral("abc123")), "invalid_request");
        refused("state of 257 characters", with(fc, QStringLiteral("state"), QString(257, QLatin1Char('a'))),
            "invalid_request");
        refused("state with markup",
            with(fc, QStringLiteral("state"), enc(QStringLiteral("<script>") + kState)), "invalid_request");
        refused("state with a + (a space)",
            with(fc, QStringLiteral("state"), kState.left(40) + QStringLiteral("+") + kState.left(20)),
            "invalid_request");
        refused("state with a final newline",
            with(fc, QStringLiteral("state"), kState + QStringLiteral("%0A")), "invalid_request");
        refused("nonce with a final newline",
            with(fc, QStringLiteral("nonce"), kNonce + QStringLiteral("%0A")), "invalid_request");
        refused("missing nonce", with(fc, QStringLiteral("nonce"), QString()), "invalid_request");
        refused("malformed nonce",
            with(fc, QStringLiteral("nonce"),
                enc(QStringLiteral("a b c d e f a b c d e f a b c d e f a b c d"))),
            "invalid_request");
        refused("scope without birth",
            with(fc, QStringLiteral("scope"), QStringLiteral("openid+profile+email")), "invalid_scope");
        refused("missing scope", with(fc, QStringLiteral("scope"), QString()), "invalid_scope");
        refused("scope with %2B: one scope",
            with(fc, QStringLiteral("scope"), QStringLiteral("openid%2Bprofile%2Bemail%2Bbirth")),
            "invalid_scope");
        refused("wrong acr_values", with(fc, QStringLiteral("acr_values"), QStringLiteral("eidas2")),
            "invalid_request");
        refused("two acr_values", with(fc, QStringLiteral("acr_values"), QStringLiteral("eidas1+eidas2")),
            "invalid_request");
        refused("missing acr_values", with(fc, QStringLiteral("acr_values"), QString()), "invalid_request");
        refused("missing prompt", with(fc, QStringLiteral("prompt"), QString()), "invalid_request");
        refused("prompt none", with(fc, QStringLiteral("prompt"), QStringLiteral("none")), "invalid_request");
        refused("prompt consent", with(fc, QStringLiteral("prompt"), QStringLiteral("consent")),
            "invalid_request");
        refused("claims not JSON", adding(fc, QStringLiteral("claims"), enc(QStringLiteral("{rep_scope"))),
            "invalid_request");
        refused("claims an array", adding(fc, QStringLiteral("claims"), enc(QStringLiteral("[]"))),
            "invalid_request");
        refused("rep_scope values empty", adding(fc, QStringLiteral("claims"), claims(QStringLiteral("[]"))),
            "invalid_request");
        refused("rep_scope values a string",
            adding(fc, QStringLiteral("claims"), claims(QStringLiteral("\"papiers\""))), "invalid_request");
        refused("rep_scope unknown démarche",
            adding(fc, QStringLiteral("claims"), claims(QStringLiteral("[\"casino\"]"))), "invalid_request");
        refused("rep_scope not a string", adding(fc, QStringLiteral("claims"), claims(QStringLiteral("[1]"))),
            "invalid_request");
    }

    void checkAuthorize()
    {
        QFETCH(QString, query);
        QFETCH(QString, error);
        QFETCH(bool, trusted);
        QFETCH(QString, repScope);
        // However the HTTP layer hands the query over: a QUrlQuery of the raw query, the raw string,
        // or the query of the whole URL (the desktop client's intercepted authorize URL).
        const QUrl url(QStringLiteral("https://ac.example/oidc/authorize?") + query, QUrl::StrictMode);
        QVERIFY(url.isValid());
        const QList<AuthorizeCheck> checks { OidcChecks::checkAuthorize(QUrlQuery(query), client()),
            OidcChecks::checkAuthorize(query, client()),
            OidcChecks::checkAuthorize(QUrlQuery(url), client()) };
        for (const AuthorizeCheck &check : checks) {
            QCOMPARE(check.error, error);
            QCOMPARE(check.ok(), error.isEmpty());
            QCOMPARE(check.redirectTrusted, trusted);
            QCOMPARE(check.errorDescription.isEmpty(), error.isEmpty());
            QCOMPARE(check.parameters.repScope.has_value(), repScope != QLatin1String("-"));
            if (check.parameters.repScope)
                QCOMPARE(check.parameters.repScope->join(QLatin1Char(',')), repScope);
            if (check.ok()) {
                QCOMPARE(check.parameters.clientId, kClientId);
                QCOMPARE(check.parameters.redirectUri, kCallback);
                QCOMPARE(check.parameters.nonce, kNonce);
                QVERIFY(OidcChecks::isWellFormedStateOrNonce(check.parameters.state));
            }
        }
    }

    void disabledProviderRefusesEverything()
    {
        IdpClientConfig disabled = client();
        disabled.clientId.clear();
        const AuthorizeCheck check = OidcChecks::checkAuthorize(
            joined(with(franceConnect(), QStringLiteral("client_id"), QString())), disabled);
        QCOMPARE(check.error, QStringLiteral("invalid_client"));
        QVERIFY(!check.redirectTrusted);
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("client_id"), QString());
        form.addQueryItem(QStringLiteral("client_secret"), QString());
        QCOMPARE(OidcChecks::checkTokenRequest(form, disabled).error, QStringLiteral("invalid_client"));
    }

    // The OAuth error redirect: only to the registered URI, with the state only when well-formed.
    void errorRedirect_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("redirect"); // empty: no redirect at all
        QTest::addColumn<QString>("state");
        const Items fc = franceConnect();
        QTest::newRow("well-formed state goes back")
            << joined(with(fc, QStringLiteral("response_type"), QStringLiteral("token"))) << kCallback
            << kState;
        QTest::newRow("malformed state does not")
            << joined(with(with(fc, QStringLiteral("response_type"), QStringLiteral("token")),
                   QStringLiteral("state"), enc(QStringLiteral("\"><script>"))))
            << kCallback << QString();
        QTest::newRow("unknown redirect URI: nothing") << joined(
            with(fc, QStringLiteral("redirect_uri"), enc(QStringLiteral("https://evil.example/cb"))))
                                                       << QString() << QString();
    }

    void errorRedirect()
    {
        QFETCH(QString, query);
        QFETCH(QString, redirect);
        QFETCH(QString, state);
        const AuthorizeCheck check = OidcChecks::checkAuthorize(query, client());
        QVERIFY(!check.ok());
        const QUrl url = check.errorRedirect();
        QCOMPARE(url.toString(QUrl::RemoveQuery), redirect);
        if (redirect.isEmpty())
            return;
        const QUrlQuery back(url);
        QCOMPARE(back.queryItemValue(QStringLiteral("error")), check.error);
        QCOMPARE(back.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), state);
        QCOMPARE(back.hasQueryItem(QStringLiteral("state")), !state.isEmpty());
    }

    // RFC 6749 § 4.1.3 with client_secret_post; @p form as ApiRequest::form() gives it.
    void checkTokenRequest_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value"); // null: removed
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("accepted") << "" << QString() << 200 << "";
        QTest::newRow("unknown field ignored") << "code_verifier"
                                               << "abc" << 200 << "";
        QTest::newRow("wrong secret") << "client_secret"
                                      << "0123456789abcdef0123456789abcdef-secreT" << 401 << "invalid_client";
        QTest::newRow("secret prefix") << "client_secret" << kSecret.left(10) << 401 << "invalid_client";
        QTest::newRow("no secret") << "client_secret" << QString() << 401 << "invalid_client";
        QTest::newRow("unknown client") << "client_id"
                                        << "intrus" << 401 << "invalid_client";
        QTest::newRow("no client") << "client_id" << QString() << 401 << "invalid_client";
        QTest::newRow("client_credentials") << "grant_type"
                                            << "client_credentials" << 400 << "unsupported_grant_type";
        QTest::newRow("no grant_type") << "grant_type" << QString() << 400 << "unsupported_grant_type";
        QTest::newRow("no code") << "code" << QString() << 400 << "invalid_request";
        QTest::newRow("no redirect_uri") << "redirect_uri" << QString() << 400 << "invalid_request";
    }

    void checkTokenRequest()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(int, status);
        QFETCH(QString, error);
        QMap<QString, QString> fields { { QStringLiteral("grant_type"),
                                            QStringLiteral("authorization_code") },
            { QStringLiteral("code"), QStringLiteral("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd") },
            { QStringLiteral("redirect_uri"), kCallback }, { QStringLiteral("client_id"), kClientId },
            { QStringLiteral("client_secret"), kSecret } };
        if (!field.isEmpty()) {
            if (value.isNull())
                fields.remove(field);
            else
                fields.insert(field, value);
        }
        QUrlQuery form;
        for (auto it = fields.begin(); it != fields.end(); ++it)
            form.addQueryItem(it.key(), enc(it.value()));
        const TokenRequestCheck check = OidcChecks::checkTokenRequest(form, client());
        QCOMPARE(check.error, error);
        QCOMPARE(check.status, status);
        if (check.ok()) {
            QCOMPARE(check.code, fields.value(QStringLiteral("code")));
            QCOMPARE(check.redirectUri, kCallback);
        }
    }

    void codeRefusal_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::addColumn<QString>("refusal"); // empty: the code may be exchanged
        QTest::newRow("fresh") << "fresh"
                               << "";
        QTest::newRow("used") << "used"
                              << "code already used";
        QTest::newRow("expired") << "expired"
                                 << "code expired";
        QTest::newRow("expires now") << "expires now"
                                     << "code expired";
        QTest::newRow("other redirect_uri") << "other redirect"
                                            << "code issued for another redirect_uri";
        QTest::newRow("other client") << "other client"
                                      << "code issued for another redirect_uri";
    }

    void codeRefusal()
    {
        QFETCH(QString, situation);
        QFETCH(QString, refusal);
        const qint64 now = 1'800'000'000'000;
        CodeBinding code { kClientId, kCallback, now + 60'000, 0 };
        TokenRequestCheck request;
        request.code = QStringLiteral("code");
        request.redirectUri = kCallback;
        if (situation == QLatin1String("used"))
            code.usedAtMs = now - 1000;
        else if (situation == QLatin1String("expired"))
            code.expiresAtMs = now - 1;
        else if (situation == QLatin1String("expires now"))
            code.expiresAtMs = now;
        else if (situation == QLatin1String("other redirect"))
            request.redirectUri = kCallback + QLatin1Char('/');
        else if (situation == QLatin1String("other client"))
            code.clientId = QStringLiteral("another");
        QCOMPARE(OidcChecks::codeRefusal(code, request, kClientId, now), refusal);
        QCOMPARE(OidcChecks::isReusedCode(code), situation == QLatin1String("used"));
    }

    void isRegisteredUri_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<bool>("registered");
        const auto replaced = [](const char *from, const char *to) {
            return QString(kCallback).replace(QLatin1String(from), QLatin1String(to));
        };
        QTest::newRow("exact") << kCallback << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("trailing slash") << kCallback + QLatin1Char('/') << false;
        QTest::newRow("default port written") << replaced("fc.example", "fc.example:443") << false;
        QTest::newRow("percent-encoded path") << replaced("aidants-connect", "aidants%2Dconnect") << false;
        QTest::newRow("fragment") << kCallback + QStringLiteral("#x") << false;
        QTest::newRow("upper-case host") << replaced("fc.example", "FC.example") << false;
    }

    void isRegisteredUri()
    {
        QFETCH(QString, uri);
        QFETCH(bool, registered);
        QCOMPARE(OidcChecks::isRegisteredUri(client().redirectUris, uri), registered);
    }

    void handles_data()
    {
        QTest::addColumn<QString>("handle");
        QTest::addColumn<bool>("wellFormed");
        QTest::newRow("43 base64url") << "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE" << true;
        QTest::newRow("42") << "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd" << false;
        QTest::newRow("44") << "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEf" << false;
        QTest::newRow("base64 plus") << "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+_AbCdE" << false;
        QTest::newRow("path") << "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/_AbCdE" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("final newline") << "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE\n" << false;
    }

    void handles()
    {
        QFETCH(QString, handle);
        QFETCH(bool, wellFormed);
        QCOMPARE(OidcChecks::isWellFormedHandle(handle), wellFormed);
    }

    void secretsCompareInConstantTime()
    {
        QVERIFY(::constantTimeEquals(kSecret, QString(kSecret)));
        QVERIFY(!::constantTimeEquals(kSecret, kSecret.left(kSecret.size() - 1)));
        QVERIFY(!::constantTimeEquals(kSecret, QString()));
        QVERIFY(::constantTimeEquals(QString(), QString()));
        QVERIFY(!::constantTimeEquals(QStringLiteral("123456"), QStringLiteral("123457")));
    }

    void statesAndNonces_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("wellFormed");
        const QString hex64 = QStringLiteral("0123456789abcdef").repeated(4);
        QTest::newRow("64 hex (FranceConnect)") << hex64 << true;
        QTest::newRow("32 URL-safe") << QStringLiteral("A").repeated(32) << true;
        QTest::newRow("31") << QStringLiteral("A").repeated(31) << false;
        QTest::newRow("257") << QStringLiteral("A").repeated(257) << false;
        // QRegularExpression's $ also matches before a final newline: the patterns end with \z.
        QTest::newRow("final newline") << hex64 + QLatin1Char('\n') << false;
        QTest::newRow("inner space") << hex64.left(40) + QLatin1Char(' ') + hex64.left(20) << false;
        QTest::newRow("empty") << QString() << false;
    }
    void statesAndNonces()
    {
        QFETCH(QString, value);
        QFETCH(bool, wellFormed);
        QCOMPARE(OidcChecks::isWellFormedStateOrNonce(value), wellFormed);
    }
};

QTEST_GUILESS_MAIN(TestOidcChecks)
#include "testOidcChecks.moc"
