#include "ApiServer.h"

#include "ApiError.h"
#include "ApiInput.h"
#include "Demarches.h"
#include "FrenchDate.h"
#include "HtmlPage.h"
#include "HttpEncoding.h"
#include "OtpVerifier.h"
#include "Validation.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>

Q_LOGGING_CATEGORY(lcServerApi, "ac.server.api")

namespace {
using ApiInput::hasForbiddenControl;
using ApiInput::requireString;
/// Refuses a JSON document holding a string (or a member name) with a control character other
/// than tab, CR and LF; names the field.
void checkJsonStrings(const QJsonValue &value, const QString &field)
{
    if (value.isString()) {
        if (hasForbiddenControl(value.toString(), true))
            throw ApiError::invalidField(field);
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            checkJsonStrings(item, field);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (hasForbiddenControl(it.key(), false))
                throw ApiError::invalidField(field.isEmpty() ? QStringLiteral("?") : field);
            checkJsonStrings(it.value(), field.isEmpty() ? it.key() : field);
        }
    }
}

/// Refuses query or form items with a control character in their name or value.
void checkQueryItems(const QUrlQuery &query)
{
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (hasForbiddenControl(name, false) || hasForbiddenControl(value, false))
            throw ApiError::invalidField(hasForbiddenControl(name, false) ? QStringLiteral("?") : name);
    }
}

/// The segments of a percent-encoded path, each decoded; empty segments kept (they never match).
QList<QByteArray> pathSegments(const QByteArray &path)
{
    QList<QByteArray> segments = path.split('/');
    if (!segments.isEmpty() && segments.first().isEmpty())
        segments.removeFirst();
    for (QByteArray &segment : segments)
        segment = QByteArray::fromPercentEncoding(segment);
    return segments;
}
HttpAnswer jsonResponse(const QJsonObject &body, int status)
{
    HttpAnswer answer = HttpAnswer::json(body, status);
    // Answers carry tokens and personal data: never cache them.
    answer.withHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"))
        .withHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    return answer;
}

HttpAnswer errorResponse(const ApiError &error)
{
    QJsonObject body { { QStringLiteral("error"), error.code() },
        { QStringLiteral("message"), error.message() } };
    if (!error.redirect().isEmpty())
        body.insert(QStringLiteral("redirect"), error.redirect().toString(QUrl::FullyEncoded));
    if (error.retryAfterSeconds() > 0)
        body.insert(QStringLiteral("retry_after"), error.retryAfterSeconds());
    HttpAnswer response = jsonResponse(body, error.status());
    if (error.retryAfterSeconds() > 0)
        response.withHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(error.retryAfterSeconds()));
    return response;
}

QString bearerToken(const QByteArray &header)
{
    static const QByteArray prefix = QByteArrayLiteral("Bearer ");
    if (!header.startsWith(prefix))
        return {};
    return QString::fromLatin1(header.mid(prefix.size()).trimmed());
}

const QJsonObject kOk { { QStringLiteral("status"), QStringLiteral("ok") } };

void setBrowserHeaders(HttpAnswer &response)
{
    response.withHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"))
        .withHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"))
        // FranceConnect URLs carry state, codes and id_token hints: never leak them through Referer.
        .withHeader(QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer"))
        .withHeader(QByteArrayLiteral("Content-Security-Policy"), HtmlPage::contentSecurityPolicy());
}

/// A browser route's answer (a redirect or a French page) with the browser headers.
HttpAnswer browserResponse(HttpAnswer answer)
{
    setBrowserHeaders(answer);
    return answer;
}

HttpAnswer protocolResponse(HttpAnswer answer)
{
    setBrowserHeaders(answer);
    answer.withHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return answer;
}

HttpAnswer verificationPage(const QJsonObject &result)
{
    if (!result.value(QStringLiteral("authentic")).toBool()) {
        return HtmlPage::message(200, QStringLiteral("Mandat non reconnu"),
            QStringLiteral("Ce mandat est inconnu d'Aidants Connect ou son code a été modifié : "
                           "il n'est pas authentique."));
    }
    const QString state = result.value(QStringLiteral("state")).toString();
    const QString stateText = state == QLatin1String("active")
        ? QStringLiteral("Il est en cours de validité.")
        : state == QLatin1String("expired") ? QStringLiteral("Il est expiré.")
                                            : QStringLiteral("Il a été révoqué.");
    return HtmlPage::message(200, QStringLiteral("Mandat authentique"),
        QStringLiteral("Ce mandat a bien été enregistré par Aidants Connect. ") + stateText);
}
/// Whether an If-None-Match header names @p etag (weak comparison, RFC 9110 § 13.1.2).
bool etagMatches(const QByteArray &header, const QByteArray &etag)
{
    if (header.trimmed() == "*")
        return true;
    for (QByteArray candidate : header.split(',')) {
        candidate = candidate.trimmed();
        if (candidate.startsWith("W/"))
            candidate = candidate.mid(2);
        if (candidate == etag)
            return true;
    }
    return false;
}

/// The public statistics page (templates/stats.html): the figures, the table per démarche and a bar
/// chart drawn as inline SVG, its text alternative given by role="img", aria-label and <title>.
HttpAnswer statsPage(const StatsFigures &figures)
{
    const QLocale french(QLocale::French, QLocale::France);
    const auto number = [&french](qint64 n) { return french.toString(n); };
    QString where = QStringLiteral("France entière");
    if (figures.scope.startsWith(QLatin1String("departement:")))
        where = QStringLiteral("département ") + figures.scope.mid(12);
    else if (figures.scope.startsWith(QLatin1String("region:")))
        where = QStringLiteral("région ") + StatsGeography::regionName(figures.scope.mid(7));
    qint64 largest = 1;
    for (const StatsFigures::DemarcheCount &d : figures.demarchesParType)
        largest = qMax(largest, d.count);
    constexpr int kBarHeight = 24;
    constexpr int kRowHeight = 34;
    constexpr int kLabelWidth = 300;
    constexpr int kBarWidth = 360;
    QVariantList rows;
    QStringList spoken;
    int y = 0;
    for (const StatsFigures::DemarcheCount &d : figures.demarchesParType) {
        const Demarche *demarche = Demarches::find(d.code);
        const QString title = demarche ? demarche->title : d.code;
        const int width = d.count == 0 ? 0 : qMax(1, int(kBarWidth * d.count / largest));
        rows.append(QVariantMap {
            { QStringLiteral("title"), title },
            { QStringLiteral("count"), number(d.count) },
            { QStringLiteral("labelY"), QString::number(y + kBarHeight - 7) },
            { QStringLiteral("barY"), QString::number(y) },
            { QStringLiteral("barX"), QString::number(kLabelWidth) },
            { QStringLiteral("barWidth"), QString::number(width) },
            { QStringLiteral("valueX"), QString::number(kLabelWidth + width + 6) },
        });
        spoken.append(QStringLiteral("%1 : %2").arg(title, number(d.count)));
        y += kRowHeight;
    }
    // The filters: one form per kind (a GET without JavaScript), the current scope selected.
    QVariantList regions;
    for (const QString &code : StatsGeography::regions()) {
        regions.append(QVariantMap { { QStringLiteral("code"), code },
            { QStringLiteral("name"), StatsGeography::regionName(code) },
            { QStringLiteral("selected"), figures.scope == QStringLiteral("region:") + code } });
    }
    QVariantList departements;
    for (const QString &code : StatsGeography::departements()) {
        departements.append(QVariantMap { { QStringLiteral("code"), code },
            { QStringLiteral("selected"), figures.scope == QStringLiteral("departement:") + code } });
    }
    const QDateTime at = FrenchDate::parisDateTime(figures.computedAtMs);
    const QVariantMap values {
        { QStringLiteral("where"), where },
        { QStringLiteral("computedAt"), french.toString(at, QStringLiteral("d MMMM yyyy à HH:mm")) },
        { QStringLiteral("demarchesRealisees"), number(figures.demarchesRealisees) },
        { QStringLiteral("personnesAccompagnees"), number(figures.personnesAccompagnees) },
        { QStringLiteral("mandatsCrees"), number(figures.mandatsCrees) },
        { QStringLiteral("aidantsHabilites"), number(figures.aidantsHabilites) },
        { QStringLiteral("aidantsEnCours"), number(figures.aidantsEnCoursHabilitation) },
        { QStringLiteral("structuresHabilitees"), number(figures.structuresHabilitees) },
        { QStringLiteral("structuresEnCours"), number(figures.structuresEnCoursHabilitation) },
        { QStringLiteral("rows"), rows },
        { QStringLiteral("regions"), regions },
        { QStringLiteral("departements"), departements },
        { QStringLiteral("filtered"), figures.scope != QLatin1String("national") },
        { QStringLiteral("chartWidth"), QString::number(kLabelWidth + kBarWidth + 90) },
        { QStringLiteral("chartHeight"), QString::number(y) },
        { QStringLiteral("chartLabel"),
            QStringLiteral("Démarches réalisées par type. %1.").arg(spoken.join(QStringLiteral(" ; "))) },
    };
    return HttpAnswer { 200, QByteArrayLiteral("text/html; charset=utf-8"),
        HtmlPage::render(QStringLiteral("stats"), QStringLiteral("Statistiques"), values), {} };
}
} // namespace

void ApiRequest::checkInput() const
{
    if (hasForbiddenControl(arg, false) || hasForbiddenControl(arg2, false))
        throw ApiError::invalidField(QStringLiteral("path"));
    checkQueryItems(query);
    if (hasForbiddenControl(QString::fromLatin1(cookie), false))
        throw ApiError::invalidField(QStringLiteral("Cookie"));
}

QUrlQuery ApiRequest::form() const
{
    QByteArray text = body;
    text.replace('+', QByteArrayLiteral("%20"));
    QUrlQuery form(QString::fromLatin1(text));
    checkQueryItems(form);
    return form;
}

QJsonObject ApiRequest::json() const
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw ApiError::malformedJson();
    checkJsonStrings(document.object(), QString());
    return document.object();
}

ApiServer::ApiServer(Database &database, const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_auth(database, config)
    , m_mandats(database, config, m_auth)
    , m_sync(database)
    , m_idp(database, config, m_auth)
    , m_referent(database)
    , m_devices(database, m_auth)
    , m_habilitation(database)
    , m_stats(database, config)
    , m_http(HttpServer::Limits { kMaxBodyBytes, 32 * 1024, config.maxConnections, config.maxConnectionsPerIp,
                 config.connectionTimeoutSeconds },
          errorResponse(ApiError::payloadTooLarge()),
          [this](HttpRequest &&request, HttpServer::Reply reply) { dispatch(std::move(request), reply); })
{
    m_pool.setMaxThreadCount(config.databaseThreads);
    m_pool.setExpiryTimeout(-1); // keep the threads, and so their database connections

    using Method = HttpMethod;
    addRoute(QStringLiteral("/api/v1/health"), Method::Get, [&database](const ApiRequest &) {
        // Readiness: this pool thread's connection answers a trivial query. A connection found lost
        // is reopened at once and asked again (no transaction: nothing to lose); a failure is the
        // 503 database_unavailable answer, with "status": "unavailable".
        for (int attempt = 1;; ++attempt) {
            try {
                QSqlDatabase db = database.connection();
                Sql::exec(db, QStringLiteral("SELECT 1"));
                break;
            } catch (const DatabaseUnavailable &) {
                if (attempt == 2)
                    throw;
            }
        }
        return QJsonObject { { QStringLiteral("status"), QStringLiteral("ok") },
            { QStringLiteral("version"), QStringLiteral(AC_VERSION) } };
    });
    // The public statistics (docs/stats.md): the snapshot's answer, cacheable, no session.
    route(QStringLiteral("/api/v1/stats"), Method::Get, [this](const ApiRequest &request) {
        try {
            request.checkInput();
            const QString scope = StatsService::scopeOfFilter(
                request.query.queryItemValue(QStringLiteral("departement"), QUrl::FullyDecoded).trimmed(),
                request.query.queryItemValue(QStringLiteral("region"), QUrl::FullyDecoded).trimmed());
            const std::shared_ptr<const StatsEntry> entry = m_stats.publicEntry(scope);
            if (!entry)
                throw ApiError::notFound();
            const bool fresh = etagMatches(request.ifNoneMatch, entry->etag);
            HttpAnswer answer = fresh
                ? HttpAnswer { 304, {}, {}, {} }
                : HttpAnswer { 200, QByteArrayLiteral("application/json"), entry->json, {} };
            answer.withHeader(QByteArrayLiteral("ETag"), entry->etag)
                .withHeader(QByteArrayLiteral("Cache-Control"),
                    QByteArrayLiteral("public, max-age=") + QByteArray::number(m_config.statsRefreshSeconds))
                .withHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
            return answer;
        } catch (const ApiError &error) {
            return errorResponse(error);
        } catch (const DatabaseUnavailable &error) {
            qCWarning(lcServerApi) << "database unavailable:" << error.what();
            return errorResponse(ApiError::databaseUnavailable())
                .withHeader(QByteArrayLiteral("Retry-After"),
                    QByteArray::number(DatabaseUnavailable::kRetryAfterSeconds));
        } catch (const std::exception &error) {
            qCWarning(lcServerApi) << "statistics:" << error.what();
            return errorResponse(ApiError::internal());
        }
    });
    addRoute(QStringLiteral("/api/v1/referent/organisations/<arg>/stats"), Method::Get,
        [this](const ApiRequest &request) {
            return m_stats.organisationFigures(m_auth.authenticate(request.bearerToken), request.arg)
                .toJson();
        });
    addBrowserRoute(QStringLiteral("/stats"), [this](const ApiRequest &request) {
        const QString departement
            = request.query.queryItemValue(QStringLiteral("departement"), QUrl::FullyDecoded).trimmed();
        const QString region
            = request.query.queryItemValue(QStringLiteral("region"), QUrl::FullyDecoded).trimmed();
        const std::shared_ptr<const StatsEntry> entry
            = m_stats.publicEntry(StatsService::scopeOfFilter(departement, region));
        if (!entry)
            throw ApiError::notFound();
        return statsPage(entry->figures);
    });
    addRoute(QStringLiteral("/api/v1/auth/login"), Method::Post, [this](const ApiRequest &request) {
        const QJsonObject json = request.json();
        const QString email = requireString(json, QStringLiteral("email"), Validation::kMaxEmailLength);
        const QString code = ApiInput::requireOtpCode(json);
        if (!Validation::isValidEmail(email))
            throw ApiError::invalidField(QStringLiteral("email"));
        // A familiar device's token (docs/security.md): optional; a new one is issued when absent.
        const QJsonValue deviceToken = json.value(QStringLiteral("device_token"));
        if (!deviceToken.isUndefined() && !deviceToken.isNull() && !deviceToken.isString())
            throw ApiError::invalidField(QStringLiteral("device_token"));
        QString issuedDeviceToken;
        QJsonObject answer = m_auth.login(email, code, deviceToken.toString(), &issuedDeviceToken).toJson();
        if (!issuedDeviceToken.isEmpty())
            answer.insert(QStringLiteral("device_token"), issuedDeviceToken);
        return answer;
    });
    addRoute(QStringLiteral("/api/v1/auth/activity-check"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken, true);
        const QString code = ApiInput::requireOtpCode(request.json());
        return m_auth.activityCheck(context, code).toJson();
    });
    addRoute(QStringLiteral("/api/v1/auth/logout"), Method::Post, [this](const ApiRequest &request) {
        m_auth.logout(m_auth.authenticate(request.bearerToken, true));
        return kOk;
    });
    addRoute(QStringLiteral("/api/v1/me"), Method::Get, [this](const ApiRequest &request) {
        return m_auth.me(m_auth.authenticate(request.bearerToken)).toJson();
    });
    addRoute(QStringLiteral("/api/v1/me/cgu"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        const QString version = requireString(request.json(), QStringLiteral("version"), 32);
        return m_auth.acceptCgu(context, version).toJson();
    });

    addRoute(QStringLiteral("/api/v1/mandat-drafts"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_mandats.createDraft(context, request.json()).toJson();
    });
    addRoute(QStringLiteral("/api/v1/mandat-drafts/<arg>"), Method::Get, [this](const ApiRequest &request) {
        return m_mandats.draft(m_auth.authenticate(request.bearerToken), request.arg).toJson();
    });
    addRoute(
        QStringLiteral("/api/v1/mandat-drafts/<arg>/sign"), Method::Post, [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_mandats.sign(context, request.arg, request.json()).toJson();
        });
    addRoute(QStringLiteral("/api/v1/mandats/<arg>"), Method::Get, [this](const ApiRequest &request) {
        return m_mandats.mandat(m_auth.authenticate(request.bearerToken), request.arg).toJson();
    });
    addRoute(QStringLiteral("/api/v1/mandats/<arg>/revoke"), Method::Post, [this](const ApiRequest &request) {
        return m_mandats.revokeMandat(m_auth.authenticate(request.bearerToken), request.arg).toJson();
    });
    addRoute(QStringLiteral("/api/v1/mandats/<arg>/autorisations/<arg>/revoke"), Method::Post,
        [this](const ApiRequest &request) {
            return m_mandats
                .revokeAutorisation(m_auth.authenticate(request.bearerToken), request.arg, request.arg2)
                .toJson();
        });
    addRoute(
        QStringLiteral("/api/v1/mandats/<arg>/renewal"), Method::Post, [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_mandats.createRenewalDraft(context, request.arg, request.json()).toJson();
        });
    addRoute(QStringLiteral("/api/v1/me/organisation"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        m_mandats.switchOrganisation(context, request.json());
        return m_auth.me(context).toJson();
    });
    // The Espace référent (docs/referent.md): the caller's role is checked by the service, now.
    const QString referentBase = QStringLiteral("/api/v1/referent/organisations");
    addRoute(referentBase, Method::Get, [this](const ApiRequest &request) {
        QJsonArray organisations;
        for (const ManagedOrganisation &o :
            m_referent.organisations(m_auth.authenticate(request.bearerToken)))
            organisations.append(o.toJson());
        return QJsonObject { { QStringLiteral("organisations"), organisations } };
    });
    addRoute(referentBase + QStringLiteral("/<arg>"), Method::Get, [this](const ApiRequest &request) {
        return m_referent.organisation(m_auth.authenticate(request.bearerToken), request.arg).toJson();
    });
    addRoute(
        referentBase + QStringLiteral("/<arg>/demarches"), Method::Post, [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_referent.setDemarches(context, request.arg, request.json()).toJson();
        });
    addRoute(referentBase + QStringLiteral("/<arg>/aidants"), Method::Get, [this](const ApiRequest &request) {
        QJsonArray aidants;
        for (const ReferentAidant &a :
            m_referent.aidants(m_auth.authenticate(request.bearerToken), request.arg))
            aidants.append(a.toJson());
        return QJsonObject { { QStringLiteral("aidants"), aidants } };
    });
    addRoute(referentBase + QStringLiteral("/<arg>/aidants/<arg>"), Method::Get,
        [this](const ApiRequest &request) {
            return m_referent.aidant(m_auth.authenticate(request.bearerToken), request.arg, request.arg2)
                .toJson();
        });
    addRoute(referentBase + QStringLiteral("/<arg>/aidants/<arg>/remove"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_referent.removeAidant(context, request.arg, request.arg2);
        });
    addRoute(referentBase + QStringLiteral("/<arg>/aidants/<arg>/reactivate"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_referent.reactivateAidant(context, request.arg, request.arg2).toJson();
        });
    addRoute(referentBase + QStringLiteral("/<arg>/aidants/<arg>/organisations"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_referent.setAidantOrganisations(context, request.arg, request.arg2, request.json())
                .toJson();
        });
    addRoute(referentBase + QStringLiteral("/<arg>/aidants/<arg>/referent"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_referent.setReferent(context, request.arg, request.arg2, request.json()).toJson();
        });
    addRoute(QStringLiteral("/api/v1/sync"), Method::Get, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_sync
            .page(context, request.query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded))
            .toJson();
    });
    // The OTP devices a référent manages, and a référent's first login (docs/referent.md).
    const QString aidantPath = QStringLiteral("/api/v1/referent/organisations/<arg>/aidants/<arg>");
    addRoute(aidantPath + QStringLiteral("/card"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_devices.associateCard(context, request.arg, request.arg2, request.json());
    });
    addRoute(aidantPath + QStringLiteral("/card/validate"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_devices.validateCard(context, request.arg, request.arg2, request.json());
    });
    addRoute(
        aidantPath + QStringLiteral("/card/dissociate"), Method::Post, [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_devices.dissociateCard(context, request.arg, request.arg2, request.json());
        });
    addRoute(aidantPath + QStringLiteral("/app"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_devices.enrolApp(context, request.arg, request.arg2);
    });
    addRoute(aidantPath + QStringLiteral("/app/confirm"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_devices.confirmApp(context, request.arg, request.arg2, request.json());
    });
    addRoute(aidantPath + QStringLiteral("/app/remove"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_devices.removeApp(context, request.arg, request.arg2);
    });
    addRoute(QStringLiteral("/api/v1/auth/first-login/request"), Method::Post,
        [this](const ApiRequest &request) { return m_devices.firstLoginRequest(request.json()); });
    addRoute(QStringLiteral("/api/v1/auth/first-login/start"), Method::Post,
        [this](const ApiRequest &request) { return m_devices.firstLoginStart(request.json()); });
    addRoute(
        QStringLiteral("/api/v1/auth/first-login/confirm"), Method::Post, [this](const ApiRequest &request) {
            QString issuedDeviceToken;
            QJsonObject answer = m_devices.firstLoginConfirm(request.json(), &issuedDeviceToken).toJson();
            if (!issuedDeviceToken.isEmpty())
                answer.insert(QStringLiteral("device_token"), issuedDeviceToken);
            return answer;
        });
    addRoute(QStringLiteral("/api/v1/verify/<arg>"), Method::Get, [this](const ApiRequest &request) {
        return m_mandats.verify(request.arg, request.query.queryItemValue(QStringLiteral("h")));
    });
    // Habilitation, the référent's side (docs/habilitation.md).
    const QString habilitationPath = QStringLiteral("/api/v1/referent/organisations/<arg>/");
    addRoute(habilitationPath + QStringLiteral("habilitation-requests"), Method::Get,
        [this](const ApiRequest &request) {
            return m_habilitation.requests(m_auth.authenticate(request.bearerToken), request.arg);
        });
    addRoute(habilitationPath + QStringLiteral("habilitation-requests"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_habilitation.createRequests(context, request.arg, request.json());
        });
    addRoute(habilitationPath + QStringLiteral("habilitation-requests/<arg>/cancel"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_habilitation.cancelRequest(context, request.arg, request.arg2);
        });
    addRoute(habilitationPath + QStringLiteral("habilitation-requests/<arg>/training-sessions"), Method::Get,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_habilitation.trainingSessions(context, request.arg, request.arg2);
        });
    addRoute(habilitationPath + QStringLiteral("habilitation-requests/<arg>/training-sessions"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_habilitation.registerTraining(context, request.arg, request.arg2, request.json());
        });
    addRoute(habilitationPath + QStringLiteral("structure-change-requests"), Method::Get,
        [this](const ApiRequest &request) {
            return m_habilitation.structureChanges(m_auth.authenticate(request.bearerToken), request.arg);
        });
    addRoute(habilitationPath + QStringLiteral("structure-change-requests"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_habilitation.createStructureChanges(context, request.arg, request.json());
        });
    addRoute(habilitationPath + QStringLiteral("structure-change-requests/<arg>/cancel"), Method::Post,
        [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_habilitation.cancelStructureChange(context, request.arg, request.arg2);
        });
    // The browser side of the FranceConnect journey, and the page the printed QR code opens.
    addBrowserRoute(QStringLiteral("/fc/start/<arg>"),
        [this](const ApiRequest &request) { return m_mandats.start(request.arg); });
    addBrowserRoute(QStringLiteral("/fc/callback"),
        [this](const ApiRequest &request) { return m_mandats.franceConnectCallback(request.query); });
    addBrowserRoute(QStringLiteral("/fc/logout-callback"),
        [this](const ApiRequest &request) { return m_mandats.franceConnectLogoutCallback(request.query); });
    addBrowserRoute(QStringLiteral("/fc/done"),
        [this](const ApiRequest &request) { return m_mandats.done(request.query); });
    addBrowserRoute(QStringLiteral("/verify/<arg>"), [this](const ApiRequest &request) {
        return verificationPage(
            m_mandats.verify(request.arg, request.query.queryItemValue(QStringLiteral("h"))));
    });

    route(QStringLiteral("/static/style.css"), Method::Get,
        [](const ApiRequest &) { return HtmlPage::stylesheet(); });

    // Our identity provider for FranceConnect (docs/identity-provider.md).
    addProtocolRoute(QStringLiteral("/.well-known/openid-configuration"), Method::Get,
        [this](const ApiRequest &) { return m_idp.discovery(); });
    addProtocolRoute(
        QStringLiteral("/oidc/jwks"), Method::Get, [this](const ApiRequest &) { return m_idp.jwks(); });
    addProtocolRoute(QStringLiteral("/oidc/authorize"), Method::Get,
        [this](const ApiRequest &request) { return m_idp.authorizePage(request.query); });
    addProtocolRoute(
        QStringLiteral("/oidc/interaction/<arg>"), Method::Get, [this](const ApiRequest &request) {
            return m_idp.interactionPage(request.arg, request.cookie, request.query);
        });
    addProtocolRoute(QStringLiteral("/oidc/interaction/<arg>/login"), Method::Post,
        [this](const ApiRequest &request) { return m_idp.interactionLogin(request.arg, request.form()); });
    addProtocolRoute(
        QStringLiteral("/oidc/interaction/<arg>/choice"), Method::Post, [this](const ApiRequest &request) {
            return m_idp.interactionChoice(request.arg, request.cookie, request.form());
        });
    addProtocolRoute(QStringLiteral("/oidc/interaction/<arg>/cancel"), Method::Post,
        [this](const ApiRequest &request) { return m_idp.interactionCancel(request.arg, request.cookie); });
    addProtocolRoute(QStringLiteral("/oidc/interaction/<arg>/logout"), Method::Post,
        [this](const ApiRequest &request) { return m_idp.interactionLogout(request.arg, request.cookie); });
    addProtocolRoute(QStringLiteral("/oidc/token"), Method::Post,
        [this](const ApiRequest &request) { return m_idp.token(request.form()); });
    addProtocolRoute(QStringLiteral("/oidc/userinfo"), Method::Get,
        [this](const ApiRequest &request) { return m_idp.userinfo(request.bearerToken); });
    addProtocolRoute(QStringLiteral("/oidc/userinfo"), Method::Post, // OIDC Core § 5.3.1
        [this](const ApiRequest &request) { return m_idp.userinfo(request.bearerToken); });
    addProtocolRoute(QStringLiteral("/oidc/logout"), Method::Get,
        [this](const ApiRequest &request) { return m_idp.logout(request.query); });
    // The desktop client's side of the same flow.
    addRoute(QStringLiteral("/api/v1/idp/requests"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_idp.createRequest(context, request.json());
    });
    addRoute(
        QStringLiteral("/api/v1/idp/requests/<arg>/choice"), Method::Post, [this](const ApiRequest &request) {
            const AuthContext context = m_auth.authenticate(request.bearerToken);
            return m_idp.choose(context, request.arg, request.json());
        });
    addRoute(
        QStringLiteral("/api/v1/idp/requests/<arg>/cancel"), Method::Post, [this](const ApiRequest &request) {
            return m_idp.cancel(m_auth.authenticate(request.bearerToken), request.arg);
        });
}

ApiServer::~ApiServer()
{
    // Answers being computed are handed back before the HTTP layer closes their connections.
    m_http.stop();
    m_pool.waitForDone();
    m_stats.stop();
}

void ApiServer::route(const QString &path, HttpMethod method, Respond respond)
{
    Route route;
    route.method = method == HttpMethod::Get ? QByteArrayLiteral("GET") : QByteArrayLiteral("POST");
    route.segments = pathSegments(path.toUtf8());
    route.respond = std::move(respond);
    m_routes.append(std::move(route));
}

void ApiServer::dispatch(HttpRequest &&request, const HttpServer::Reply &reply)
{
    const QList<QByteArray> segments = pathSegments(request.path);
    static const QByteArray kArg = QByteArrayLiteral("<arg>");
    const Route *found = nullptr;
    QStringList args;
    for (const Route &candidate : std::as_const(m_routes)) {
        if (candidate.method != request.method || candidate.segments.size() != segments.size())
            continue;
        QStringList captured;
        bool matches = true;
        for (qsizetype i = 0; i < segments.size() && matches; ++i) {
            if (candidate.segments.at(i) == kArg) {
                matches = !segments.at(i).isEmpty();
                captured.append(QString::fromUtf8(segments.at(i)));
            } else {
                matches = candidate.segments.at(i) == segments.at(i);
            }
        }
        if (matches) {
            found = &candidate;
            args = captured;
            break;
        }
    }
    if (found == nullptr) {
        reply(errorResponse(ApiError::notFound()));
        return;
    }
    ApiRequest copy { std::move(request.body), bearerToken(request.authorization), args.value(0),
        args.value(1), QUrlQuery(QString::fromUtf8(request.query)), request.accept.contains("text/html"),
        HttpEncoding::acceptsCbor(request.accept), std::move(request.cookie),
        std::move(request.ifNoneMatch) };
    // The handlers read the database: they run on the pool, whose threads own connections.
    m_pool.start([respond = found->respond, copy = std::move(copy), acceptEncoding = request.acceptEncoding,
                     reply]() {
        HttpAnswer answer;
        try {
            answer = respond(copy);
        } catch (...) {
            answer = errorResponse(ApiError::internal()); // the route wrappers catch; this is the last guard
        }
        HttpEncoding::negotiateCoding(answer, acceptEncoding); // here, off the HTTP thread
        reply(std::move(answer));
    });
}

void ApiServer::addRoute(const QString &path, HttpMethod method, Handler handler)
{
    route(path, method, [handler](const ApiRequest &request) {
        try {
            request.checkInput();
            const QJsonObject body = handler(request);
            if (!request.acceptsCbor)
                return jsonResponse(body, 200);
            // The same object in CBOR (docs/api.md § Encodings), with the same headers.
            HttpAnswer answer = jsonResponse({}, 200);
            answer.contentType = QByteArrayLiteral("application/cbor");
            answer.body = HttpEncoding::cbor(body);
            return answer;
        } catch (const ApiError &error) {
            return errorResponse(error);
        } catch (const DatabaseUnavailable &error) {
            qCWarning(lcServerApi) << "database unavailable:" << error.what();
            QJsonObject body { { QStringLiteral("status"), QStringLiteral("unavailable") },
                { QStringLiteral("error"), ApiError::databaseUnavailable().code() },
                { QStringLiteral("message"), ApiError::databaseUnavailable().message() } };
            return jsonResponse(body, 503).withHeader(QByteArrayLiteral("Retry-After"),
                QByteArray::number(DatabaseUnavailable::kRetryAfterSeconds));
        } catch (const DatabaseError &error) {
            qCWarning(lcServerApi) << "database error:" << error.what();
            return errorResponse(ApiError::internal());
        } catch (const std::exception &error) {
            qCWarning(lcServerApi) << "unexpected error:" << error.what();
            return errorResponse(ApiError::internal());
        }
    });
}

void ApiServer::addBrowserRoute(const QString &path, ProtocolHandler handler)
{
    route(path, HttpMethod::Get, [handler](const ApiRequest &request) {
        try {
            request.checkInput();
            return browserResponse(handler(request));
        } catch (const ApiError &error) {
            return browserResponse(
                HtmlPage::message(error.status(), QStringLiteral("Requête invalide"), error.message()));
        } catch (const DatabaseUnavailable &error) {
            qCWarning(lcServerApi) << "database unavailable on a browser route:" << error.what();
            return browserResponse(
                HtmlPage::message(503, QStringLiteral("Service momentanément indisponible"),
                    QStringLiteral("Le service est momentanément indisponible. Rechargez cette page "
                                   "dans quelques instants."))
                    .withHeader(QByteArrayLiteral("Retry-After"),
                        QByteArray::number(DatabaseUnavailable::kRetryAfterSeconds)));
        } catch (const std::exception &error) {
            qCWarning(lcServerApi) << "error on a browser route:" << error.what();
            return browserResponse(HtmlPage::message(500, QStringLiteral("Erreur"),
                QStringLiteral("Une erreur interne est survenue. Revenez dans "
                               "l'application Aidants Connect et réessayez.")));
        }
    });
}

void ApiServer::addProtocolRoute(const QString &path, HttpMethod method, ProtocolHandler handler)
{
    route(path, method, [handler](const ApiRequest &request) {
        try {
            request.checkInput();
            return protocolResponse(handler(request));
        } catch (const ApiError &error) {
            // Bad input refused before the protocol checks (control characters): an OAuth-shaped error.
            return protocolResponse(
                HttpAnswer::json({ { QStringLiteral("error"), QStringLiteral("invalid_request") },
                                     { QStringLiteral("error_description"), error.message() } },
                    error.status()));
        } catch (const DatabaseUnavailable &error) {
            qCWarning(lcServerApi) << "database unavailable on a protocol route:" << error.what();
            HttpAnswer answer = HttpAnswer::json(
                { { QStringLiteral("error"), QStringLiteral("temporarily_unavailable") } }, 503);
            answer.withHeader(QByteArrayLiteral("Retry-After"),
                QByteArray::number(DatabaseUnavailable::kRetryAfterSeconds));
            return protocolResponse(answer);
        } catch (const std::exception &error) {
            qCWarning(lcServerApi) << "error on a protocol route:" << error.what();
            return protocolResponse(
                HttpAnswer::json({ { QStringLiteral("error"), QStringLiteral("server_error") } }, 500));
        }
    });
}

bool ApiServer::initialise(QString *errorMessage)
{
    return m_idp.initialise(errorMessage);
}

quint16 ApiServer::listen(QString *errorMessage)
{
    HttpServer::Tls tls;
    if (m_config.tlsEnabled()) {
        QFile certFile(m_config.tlsCertificateFile);
        QFile keyFile(m_config.tlsPrivateKeyFile);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            *errorMessage = QStringLiteral("cannot read the TLS certificate or key");
            return 0;
        }
        tls.certificateChainPem = certFile.readAll();
        tls.privateKeyPem = keyFile.readAll();
        // Checked here for a clear message; the HTTP layer (GnuTLS) reads the same PEM.
        if (QSslCertificate::fromData(tls.certificateChainPem, QSsl::Pem).isEmpty()) {
            *errorMessage = QStringLiteral("no certificate in %1").arg(m_config.tlsCertificateFile);
            return 0;
        }
        if (QSslKey(tls.privateKeyPem, QSsl::Ec, QSsl::Pem).isNull()
            && QSslKey(tls.privateKeyPem, QSsl::Rsa, QSsl::Pem).isNull()) {
            *errorMessage = QStringLiteral("cannot read the private key %1").arg(m_config.tlsPrivateKeyFile);
            return 0;
        }
    }
    const quint16 port = m_http.listen(m_config.listenAddress, m_config.port, tls, errorMessage);
    if (port == 0)
        return 0;
    QUrl publicUrl = m_config.publicUrl;
    if (publicUrl.isEmpty()) {
        publicUrl.setScheme(m_config.tlsEnabled() ? QStringLiteral("https") : QStringLiteral("http"));
        publicUrl.setHost(m_config.listenAddress.toString());
        publicUrl.setPort(port);
    }
    m_mandats.setPublicUrl(publicUrl);
    m_sync.setPublicUrl(publicUrl);
    m_idp.setPublicUrl(publicUrl);
    // The public statistics are counted in the background from now on (docs/stats.md).
    m_stats.start();
    return port;
}
