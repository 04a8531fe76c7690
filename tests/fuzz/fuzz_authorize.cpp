// FranceConnect's authorize request to our identity provider: the raw query string (what follows
// '?', still encoded) through OidcChecks::checkAuthorize (docs/identity-provider.md § Authorize).
//
// Invariants: an accepted query has exactly one non-empty value of each required parameter, none of
// request / request_uri, a registered redirect URI (character for character), scope ⊇ openid
// profile email birth, acr_values eidas1, prompt containing login, a well-formed state and nonce,
// and a rep_scope (when asked) of known démarches without duplicates; a refusal has a code and a
// description, and carries a redirect only once client and redirect URI are trusted (then to that
// URI, with the error and a well-formed state only). The decision is the one of a plain reference
// implementation (its own form decoding, on inputs of printable ASCII with well-formed escapes),
// and the same whether the query is given raw, as a QUrlQuery, or inside a whole URL.
#include "Demarches.h"
#include "FuzzCheck.h"
#include "OidcChecks.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace {

const QString kClientId = QStringLiteral("franceconnect-client");
const QString kCallback = QStringLiteral("https://fc.example/oidc_callback/aidants-connect");
const QString kCallback2 = QStringLiteral("https://fc.example/cb?x=1");

const IdpClientConfig &client()
{
    static const IdpClientConfig config { kClientId,
        QStringLiteral("0123456789abcdef0123456789abcdef-secret"), { QUrl(kCallback), QUrl(kCallback2) },
        { QUrl(QStringLiteral("https://fc.example/logout")) } };
    return config;
}

const QStringList kKnown { QStringLiteral("response_type"), QStringLiteral("client_id"),
    QStringLiteral("redirect_uri"), QStringLiteral("scope"), QStringLiteral("acr_values"),
    QStringLiteral("state"), QStringLiteral("nonce"), QStringLiteral("prompt"), QStringLiteral("claims"),
    QStringLiteral("request"), QStringLiteral("request_uri") };
const QStringList kRequired { QStringLiteral("response_type"), QStringLiteral("client_id"),
    QStringLiteral("redirect_uri"), QStringLiteral("scope"), QStringLiteral("acr_values"),
    QStringLiteral("state"), QStringLiteral("nonce"), QStringLiteral("prompt") };

using Items = QList<std::pair<QString, QString>>;

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// application/x-www-form-urlencoded decoding of one name or value, by hand.
QString referenceDecoded(const QByteArray &encoded)
{
    QByteArray out;
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        if (c == '+')
            out.append(' ');
        else if (c == '%')
            out.append(char(hexValue(encoded.at(i + 1)) * 16 + hexValue(encoded.at(i + 2)))), i += 2;
        else
            out.append(c);
    }
    return QString::fromUtf8(out);
}

/// The items of @p raw by hand (split on '&', then on the first '='), when @p raw is printable ASCII
/// without '#' and every '%' starts an escape: outside that, Qt's tolerant recoding decides.
std::optional<Items> referenceItems(const QByteArray &raw)
{
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw.at(i);
        if (c <= 0x20 || c >= 0x7f || c == '#')
            return std::nullopt;
        if (c == '%' && (i + 2 >= raw.size() || hexValue(raw.at(i + 1)) < 0 || hexValue(raw.at(i + 2)) < 0))
            return std::nullopt;
    }
    Items items;
    for (const QByteArray &part : raw.split('&')) {
        const qsizetype eq = part.indexOf('=');
        const QByteArray name = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        items.append({ referenceDecoded(name), referenceDecoded(value) });
    }
    return items;
}

/// Known parameters with a non-empty value, in order.
Items meaningful(const Items &items)
{
    Items kept;
    for (const auto &item : items) {
        if (!item.second.isEmpty() && kKnown.contains(item.first))
            kept.append(item);
    }
    return kept;
}

bool referenceStateOrNonce(const QString &value)
{
    if (value.size() < 32 || value.size() > 256)
        return false;
    for (const QChar c : value) {
        const ushort u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.'
                || u == '_' || u == '~' || u == '-'))
            return false;
    }
    return true;
}

QStringList words(const QString &value)
{
    return value.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

struct Decision
{
    QString error;
    bool trusted = false;
};

/// The documented order of checks, on already-decoded meaningful items.
Decision referenceDecision(const Items &items)
{
    QHash<QString, QString> first;
    QHash<QString, int> count;
    for (const auto &[name, value] : items) {
        if (!first.contains(name))
            first.insert(name, value);
        ++count[name];
    }
    if (first.value(QStringLiteral("client_id")) != kClientId)
        return { QStringLiteral("invalid_client"), false };
    const QString redirect = first.value(QStringLiteral("redirect_uri"));
    if (redirect != kCallback && redirect != kCallback2)
        return { QStringLiteral("invalid_request"), false };
    const auto refused = [](const char *error) { return Decision { QString::fromLatin1(error), true }; };
    for (const int n : count) {
        if (n > 1)
            return refused("invalid_request");
    }
    if (count.contains(QStringLiteral("request")))
        return refused("request_not_supported");
    if (count.contains(QStringLiteral("request_uri")))
        return refused("request_uri_not_supported");
    if (first.value(QStringLiteral("response_type")) != QLatin1String("code"))
        return refused("unsupported_response_type");
    if (!referenceStateOrNonce(first.value(QStringLiteral("state")))
        || !referenceStateOrNonce(first.value(QStringLiteral("nonce"))))
        return refused("invalid_request");
    const QStringList scopes = words(first.value(QStringLiteral("scope")));
    for (const char *scope : { "openid", "profile", "email", "birth" }) {
        if (!scopes.contains(QLatin1String(scope)))
            return refused("invalid_scope");
    }
    if (first.value(QStringLiteral("acr_values")) != QLatin1String("eidas1")
        || !words(first.value(QStringLiteral("prompt"))).contains(QLatin1String("login")))
        return refused("invalid_request");
    return { QString(), true }; // claims: checked on the outcome below
}

void checkOutcome(const AuthorizeCheck &check, const Items &items)
{
    QHash<QString, int> count;
    QHash<QString, QString> first;
    for (const auto &[name, value] : items) {
        if (!first.contains(name))
            first.insert(name, value);
        ++count[name];
    }
    const bool clientKnown = first.value(QStringLiteral("client_id")) == kClientId;
    const bool redirectKnown = first.value(QStringLiteral("redirect_uri")) == kCallback
        || first.value(QStringLiteral("redirect_uri")) == kCallback2;
    // Trusted exactly when client and redirect URI are registered; an untrusted refusal goes nowhere.
    FUZZ_CHECK(check.redirectTrusted == (clientKnown && redirectKnown));
    FUZZ_CHECK(check.parameters.clientId == first.value(QStringLiteral("client_id")));
    FUZZ_CHECK(check.parameters.redirectUri == first.value(QStringLiteral("redirect_uri")));
    FUZZ_CHECK(check.parameters.state == first.value(QStringLiteral("state")));
    FUZZ_CHECK(check.parameters.nonce == first.value(QStringLiteral("nonce")));

    if (!check.ok()) {
        FUZZ_CHECK(!check.errorDescription.isEmpty());
        const QUrl redirect = check.errorRedirect();
        if (!check.redirectTrusted) {
            FUZZ_CHECK(redirect.isEmpty());
            return;
        }
        FUZZ_CHECK(redirect.toString().startsWith(check.parameters.redirectUri));
        const QUrlQuery back(redirect);
        FUZZ_CHECK(back.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded) == check.error);
        const QString state = back.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
        if (referenceStateOrNonce(check.parameters.state))
            FUZZ_CHECK(state == check.parameters.state);
        else
            FUZZ_CHECK(!back.hasQueryItem(QStringLiteral("state")));
        return;
    }

    FUZZ_CHECK(check.errorDescription.isEmpty());
    for (const QString &name : kRequired)
        FUZZ_CHECK(count.value(name) == 1);
    FUZZ_CHECK(count.value(QStringLiteral("claims")) <= 1);
    FUZZ_CHECK(!count.contains(QStringLiteral("request")) && !count.contains(QStringLiteral("request_uri")));
    FUZZ_CHECK(clientKnown && redirectKnown);
    FUZZ_CHECK(first.value(QStringLiteral("response_type")) == QLatin1String("code"));
    FUZZ_CHECK(
        referenceStateOrNonce(check.parameters.state) && referenceStateOrNonce(check.parameters.nonce));
    const QStringList scopes = words(first.value(QStringLiteral("scope")));
    for (const QString &required : OidcChecks::requiredScopes())
        FUZZ_CHECK(scopes.contains(required));
    FUZZ_CHECK(first.value(QStringLiteral("acr_values")) == QLatin1String("eidas1"));
    FUZZ_CHECK(words(first.value(QStringLiteral("prompt"))).contains(QLatin1String("login")));

    // rep_scope: present exactly when the claims ask for it, known démarches, no duplicates.
    const QJsonValue asked = QJsonDocument::fromJson(first.value(QStringLiteral("claims")).toUtf8())
                                 .object()
                                 .value(QStringLiteral("id_token"))
                                 .toObject()
                                 .value(QStringLiteral("rep_scope"))
                                 .toObject()
                                 .value(QStringLiteral("values"));
    FUZZ_CHECK(check.parameters.repScope.has_value() == !asked.isUndefined());
    if (check.parameters.repScope) {
        const QStringList &codes = *check.parameters.repScope;
        const QStringList known = Demarches::allCodes();
        FUZZ_CHECK(!codes.isEmpty());
        for (qsizetype i = 0; i < codes.size(); ++i) {
            FUZZ_CHECK(known.contains(codes.at(i)));
            FUZZ_CHECK(codes.indexOf(codes.at(i)) == i);
        }
        for (const QJsonValue &value : asked.toArray())
            FUZZ_CHECK(codes.contains(value.toString()));
    }
}

bool sameDecision(const AuthorizeCheck &a, const AuthorizeCheck &b)
{
    return a.error == b.error && a.redirectTrusted == b.redirectTrusted
        && a.parameters.clientId == b.parameters.clientId
        && a.parameters.redirectUri == b.parameters.redirectUri && a.parameters.state == b.parameters.state
        && a.parameters.nonce == b.parameters.nonce && a.parameters.repScope == b.parameters.repScope;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return 0;
    const QByteArray bytes = Fuzz::bytes(data, size);
    const QString raw = QString::fromUtf8(bytes);
    const AuthorizeCheck check = OidcChecks::checkAuthorize(raw, client());
    const Items items = meaningful(OidcChecks::formItems(QUrlQuery(raw)));
    if (std::getenv("AC_FUZZ_VERBOSE")) // replaying one input: what was decided
        std::fprintf(stderr, "error=%s trusted=%d\n", qPrintable(check.error), int(check.redirectTrusted));
    checkOutcome(check, items);

    // The plain reference decides the same (the claims are only checked above).
    if (const auto reference = referenceItems(bytes)) {
        FUZZ_CHECK(meaningful(*reference) == items);
        const Decision expected = referenceDecision(meaningful(*reference));
        FUZZ_CHECK(check.redirectTrusted == expected.trusted);
        if (!expected.error.isEmpty())
            FUZZ_CHECK(check.error == expected.error);
        else
            FUZZ_CHECK(check.ok() || check.error == QLatin1String("invalid_request"));
    }

    // The same decision as a QUrlQuery, and inside the whole authorize URL the client intercepts.
    FUZZ_CHECK(sameDecision(check, OidcChecks::checkAuthorize(QUrlQuery(raw), client())));
    if (!raw.contains(QLatin1Char('#'))) {
        const QUrl url(QStringLiteral("https://ac.example/oidc/authorize?") + raw, QUrl::StrictMode);
        if (url.isValid() && referenceItems(bytes))
            FUZZ_CHECK(sameDecision(check, OidcChecks::checkAuthorize(QUrlQuery(url), client())));
    }
    return 0;
}
