#include "MandatService.h"

#include "ApiError.h"
#include "Clock.h"
#include "Demarches.h"
#include "HtmlPage.h"
#include "Journal.h"
#include "MandatRepository.h"
#include "MandatRules.h"
#include "OtpVerifier.h"
#include "Repository.h"
#include "Secrets.h"

#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcMandat, "ac.server.mandat")

namespace {
constexpr qint64 kDayMs = 24LL * 3600 * 1000;
// 43 characters of base64url: what Secrets::randomToken(32) makes.
constexpr int kDraftIdLength = 43;

ApiError draftError(int status, const char *code, const QString &message)
{
    return ApiError(status, QString::fromLatin1(code), message);
}

bool isWellFormedDraftId(const QString &id)
{
    if (id.size() != kDraftIdLength)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-')
            || c == QLatin1Char('_');
    });
}

qint64 parseId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok && id > 0 ? id : 0;
}

HttpAnswer page(int status, const QString &title, const QString &message)
{
    return HtmlPage::message(status, title, message);
}

HttpAnswer redirectTo(const QUrl &url)
{
    return HttpAnswer::redirect(url, 302);
}

HttpAnswer invalidJourney()
{
    return page(400, QStringLiteral("Identification impossible"),
        QStringLiteral("Cette demande d'identification FranceConnect n'est pas ou plus valide. "
                       "Revenez dans l'application Aidants Connect et recommencez."));
}

/// The journal entry of one mandat event.
JournalEntry entryFor(const QString &action, const DraftRecord &draft, qint64 usagerId)
{
    JournalEntry e;
    e.action = action;
    e.aidantId = draft.aidantId;
    e.organisationId = draft.organisationId;
    e.usagerId = usagerId;
    return e;
}
} // namespace

MandatService::MandatService(Database &database, const ServerConfig &config, AuthService &auth)
    : m_database(database)
    , m_config(config)
    , m_auth(auth)
{
    if (config.franceConnect.enabled())
        m_franceConnect = std::make_unique<FranceConnect>(config.franceConnect);
}

MandatService::~MandatService() = default;

QUrl MandatService::callbackUrl() const
{
    return m_publicUrl.resolved(QUrl(QStringLiteral("/fc/callback")));
}

QUrl MandatService::postLogoutUrl() const
{
    return m_publicUrl.resolved(QUrl(QStringLiteral("/fc/logout-callback")));
}

QUrl MandatService::doneUrl(const QString &draftId, bool ok) const
{
    QUrl url = m_publicUrl.resolved(QUrl(QStringLiteral("/fc/done")));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("draft"), draftId);
    query.addQueryItem(QStringLiteral("result"), ok ? QStringLiteral("ok") : QStringLiteral("error"));
    url.setQuery(query);
    return url;
}

QString MandatService::failureMessage(const QString &code)
{
    if (code == QLatin1String("usager_cancelled"))
        return QStringLiteral(
            "L'usager a annulé l'identification FranceConnect. Aucune donnée n'a été enregistrée.");
    if (code == QLatin1String("franceconnect_unreachable"))
        return QStringLiteral(
            "FranceConnect ne répond pas. Aucune donnée n'a été enregistrée. Réessayez dans un instant.");
    if (code == QLatin1String("franceconnect_error"))
        return QStringLiteral(
            "FranceConnect a renvoyé une erreur. Aucune donnée n'a été enregistrée. Réessayez.");
    if (code == QLatin1String("invalid_claims"))
        return QStringLiteral("Les données d'identité reçues de FranceConnect sont incomplètes ou invalides. "
                              "Aucune donnée n'a été enregistrée.");
    if (code == QLatin1String("draft_expired"))
        return QStringLiteral("Le délai pour créer ce mandat est dépassé. Aucune donnée n'a été enregistrée. "
                              "Recommencez la création du mandat.");
    // invalid_signature, invalid_issuer, invalid_audience, token_expired, invalid_nonce, invalid_acr
    return QStringLiteral("La réponse de FranceConnect n'a pas pu être vérifiée. Par sécurité, aucune donnée "
                          "n'a été enregistrée. Réessayez.");
}

MandatDraftInfo MandatService::draftInfo(
    MandatRepository &repository, const DraftRecord &d, qint64 nowMs) const
{
    MandatDraftInfo info;
    info.id = d.id;
    info.state = d.state;
    if (d.state == QLatin1String("failed")) {
        info.failureCode = d.failureCode;
        info.failureMessage = failureMessage(d.failureCode);
    } else if (d.state != QLatin1String("signed") && d.expiresAtMs <= nowMs) {
        info.state = QStringLiteral("expired");
    }
    info.demarches = d.demarches;
    info.duration = d.duration;
    info.remote = d.remote;
    info.expiresAtMs = d.expiresAtMs;
    info.startUrl = m_publicUrl.resolved(QUrl(QStringLiteral("/fc/start/") + d.id)).toString();
    if (d.usagerId > 0 && info.state == QLatin1String("identified")) {
        if (auto usager = repository.usager(d.usagerId))
            info.usager = *usager;
    }
    return info;
}

MandatService::DraftRequest MandatService::readDraftRequest(const QJsonObject &body) const
{
    DraftRequest request;
    const QJsonValue demarchesValue = body.value(QStringLiteral("demarches"));
    if (!demarchesValue.isArray() || demarchesValue.toArray().isEmpty()
        || demarchesValue.toArray().size() > 10)
        throw draftError(400, "invalid_demarches", QStringLiteral("Choisissez au moins une démarche."));
    for (const QJsonValue &v : demarchesValue.toArray()) {
        if (!v.isString() || !Demarches::isKnown(v.toString()) || request.demarches.contains(v.toString()))
            throw draftError(
                400, "invalid_demarches", QStringLiteral("La liste des démarches est invalide."));
        request.demarches.append(v.toString());
    }
    std::sort(request.demarches.begin(), request.demarches.end());
    const QJsonValue durationValue = body.value(QStringLiteral("duration"));
    request.duration = durationValue.isString() ? MandatDurations::find(durationValue.toString()) : nullptr;
    if (!request.duration)
        throw draftError(400, "invalid_duration", QStringLiteral("La durée du mandat est invalide."));
    const QJsonValue remote = body.value(QStringLiteral("remote"));
    const QJsonValue certified = body.value(QStringLiteral("remote_consent_certified"));
    if ((!remote.isUndefined() && !remote.isBool()) || (!certified.isUndefined() && !certified.isBool()))
        throw ApiError::invalidField(QStringLiteral("remote"));
    request.remote = remote.toBool();
    request.remoteConsentCertified = certified.toBool();
    if (request.remote && !request.remoteConsentCertified) {
        throw draftError(400, "remote_consent_required",
            QStringLiteral("Pour un mandat à distance, certifiez avoir obtenu le consentement écrit de "
                           "l'usager."));
    }
    return request;
}

OrganisationInfo MandatService::checkCanCreate(
    Repository &repository, const AuthContext &context, const QStringList &demarches) const
{
    const auto aidant = repository.aidant(context.aidantId);
    if (!aidant || !aidant->active)
        throw ApiError::unauthenticated();
    if (!aidant->info.canCreateMandats) {
        throw draftError(
            403, "cannot_create_mandats", QStringLiteral("Votre compte ne permet pas de créer des mandats."));
    }
    const auto organisation = repository.organisation(aidant->info.currentOrganisationId);
    if (!organisation)
        throw draftError(
            403, "cannot_create_mandats", QStringLiteral("Vous n'êtes rattaché à aucune structure."));
    for (const QString &d : demarches) {
        if (!organisation->allowedDemarches.contains(d)) {
            throw draftError(403, "demarche_not_allowed",
                QStringLiteral("Votre structure n'est pas habilitée pour la démarche « %1 ».")
                    .arg(Demarches::find(d)->title));
        }
    }
    return *organisation;
}

DraftRecord MandatService::newDraft(const DraftRequest &request, const AuthContext &context,
    qint64 organisationId, qint64 usagerId, qint64 nowMs) const
{
    DraftRecord draft;
    draft.id = Secrets::randomToken(32);
    draft.aidantId = context.aidantId;
    draft.organisationId = organisationId;
    draft.demarches = request.demarches;
    draft.duration = request.duration->keyword;
    draft.remote = request.remote;
    draft.remoteConsentCertified = request.remoteConsentCertified;
    // A renewal knows its usager already; a creation waits for FranceConnect.
    draft.state = usagerId > 0 ? QStringLiteral("identified") : QStringLiteral("pending");
    draft.usagerId = usagerId;
    draft.createdAtMs = nowMs;
    draft.expiresAtMs = nowMs + qint64(m_config.draftLifetimeSeconds) * 1000;
    return draft;
}

MandatDraftInfo MandatService::createDraft(const AuthContext &context, const QJsonObject &body)
{
    const DraftRequest request = readDraftRequest(body);
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const OrganisationInfo organisation = checkCanCreate(repository, context, request.demarches);
    if (!m_franceConnect) {
        throw draftError(503, "franceconnect_unavailable",
            QStringLiteral("FranceConnect n'est pas configuré sur ce serveur : la création de mandat est "
                           "impossible. Contactez votre administrateur."));
    }

    const qint64 now = Clock::instance().nowMs();
    const DraftRecord draft = newDraft(request, context, organisation.id, 0, now);
    MandatRepository mandats(db);
    mandats.purgeDrafts(now - kDayMs); // kept a day after expiry, for the aidant's "expired" answer
    mandats.createDraft(draft);
    qCInfo(lcMandat) << "aidant" << context.aidantId << "created a mandat draft";
    return draftInfo(mandats, draft, now);
}

MandatDraftInfo MandatService::draft(const AuthContext &context, const QString &draftId)
{
    QSqlDatabase db = m_database.connection();
    MandatRepository mandats(db);
    const auto draft = isWellFormedDraftId(draftId) ? mandats.draft(draftId) : std::nullopt;
    // Another aidant's draft does not exist for the caller.
    if (!draft || draft->aidantId != context.aidantId)
        throw ApiError::notFound();
    return draftInfo(mandats, *draft, Clock::instance().nowMs());
}

HttpAnswer MandatService::start(const QString &draftId)
{
    if (!m_franceConnect || !isWellFormedDraftId(draftId))
        return invalidJourney();
    QSqlDatabase db = m_database.connection();
    MandatRepository mandats(db);
    const auto draft = mandats.draft(draftId);
    const qint64 now = Clock::instance().nowMs();
    if (!draft || draft->state != QLatin1String("pending"))
        return invalidJourney();
    if (draft->expiresAtMs <= now)
        return failDraft(draftId, QStringLiteral("draft_expired"));
    // A fresh state and nonce at each start: a journey restarted in the browser spends the previous ones.
    const QString state = Secrets::randomToken(32);
    const QString nonce = Secrets::randomToken(32);
    const auto url = m_franceConnect->authorizeUrl(state, nonce, callbackUrl());
    if (!url)
        return failDraft(draftId, url.error().code);
    mandats.startDraft(draftId, state, nonce);
    return redirectTo(url.value());
}

HttpAnswer MandatService::failDraft(const QString &draftId, const QString &code)
{
    QSqlDatabase db = m_database.connection();
    Transaction tx(db, m_database.dialect());
    MandatRepository mandats(db);
    const auto draft = mandats.draft(draftId, &tx);
    if (draft && draft->state == QLatin1String("pending"))
        mandats.failDraft(draftId, code);
    tx.commit();
    qCInfo(lcMandat) << "mandat draft failed:" << code;
    return redirectTo(doneUrl(draftId, false));
}

HttpAnswer MandatService::franceConnectCallback(const QUrlQuery &query)
{
    const QString state = query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    if (!m_franceConnect || state.isEmpty() || state.size() > 128)
        return invalidJourney();

    // 1. Spend the state at once (short transaction), so a replayed callback finds nothing, even while
    //    the calls to FranceConnect below are in flight. No lock is held during those calls.
    QSqlDatabase db = m_database.connection();
    DraftRecord draft;
    {
        Transaction tx(db, m_database.dialect());
        MandatRepository mandats(db);
        const auto found = mandats.draftByFcState(tx, state);
        if (!found)
            return invalidJourney();
        draft = *found;
        Sql::write(db, QStringLiteral("UPDATE mandat_drafts SET fc_state = NULL WHERE id = ?"), { draft.id });
        tx.commit();
    }
    const qint64 now = Clock::instance().nowMs();
    if (draft.expiresAtMs <= now)
        return failDraft(draft.id, QStringLiteral("draft_expired"));
    const QString error = query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
    if (!error.isEmpty()) {
        return failDraft(draft.id,
            error == QLatin1String("access_denied") ? QStringLiteral("usager_cancelled")
                                                    : QStringLiteral("franceconnect_error"));
    }
    const QString code = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    if (code.isEmpty() || code.size() > 512)
        return failDraft(draft.id, QStringLiteral("franceconnect_error"));

    // 2. The code exchange and every check of FranceConnect's answers.
    const auto identity = m_franceConnect->identify(code, draft.fcNonce, callbackUrl(), now);
    if (!identity)
        return failDraft(draft.id, identity.error().code);

    // 3. Store the usager and journal it, in one transaction; the draft must still be pending.
    const QString logoutState = Secrets::randomToken(32);
    {
        Transaction tx(db, m_database.dialect());
        MandatRepository mandats(db);
        const auto current = mandats.draft(draft.id, &tx);
        const qint64 storedAt = Clock::instance().nowMs();
        if (!current || current->state != QLatin1String("pending") || current->expiresAtMs <= storedAt)
            return failDraft(draft.id, QStringLiteral("draft_expired"));
        const QString subHash = Secrets::hmacSha256Hex(m_config.subSalt, identity.value().sub);
        const auto upsert = mandats.upsertUsager(subHash, identity.value().usager, storedAt);
        mandats.identifyDraft(draft.id, upsert.id, logoutState);
        Journal::append(db, tx, entryFor(QStringLiteral("franceconnect_usager"), draft, upsert.id), storedAt);
        if (upsert.emailChanged)
            Journal::append(
                db, tx, entryFor(QStringLiteral("update_email_usager"), draft, upsert.id), storedAt);
        tx.commit();
        qCInfo(lcMandat) << "usager" << upsert.id << "identified by FranceConnect for a draft of aidant"
                         << draft.aidantId;
    }

    // 4. End the FranceConnect session, so the next usager at this counter does not inherit it.
    const auto logout
        = m_franceConnect->endSessionUrl(identity.value().idToken, logoutState, postLogoutUrl());
    if (!logout)
        return redirectTo(doneUrl(draft.id, true));
    return redirectTo(logout.value());
}

HttpAnswer MandatService::franceConnectLogoutCallback(const QUrlQuery &query)
{
    const QString state = query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    if (state.isEmpty() || state.size() > 128)
        return invalidJourney();
    QSqlDatabase db = m_database.connection();
    Transaction tx(db, m_database.dialect());
    MandatRepository mandats(db);
    const auto draft = mandats.draftByLogoutState(tx, state);
    if (!draft)
        return invalidJourney();
    mandats.clearLogoutState(draft->id);
    tx.commit();
    return redirectTo(doneUrl(draft->id, draft->state == QLatin1String("identified")));
}

HttpAnswer MandatService::done(const QUrlQuery &query)
{
    // The desktop client intercepts this URL before it loads; this page is for any other browser.
    if (query.queryItemValue(QStringLiteral("result")) == QLatin1String("ok")) {
        return page(200, QStringLiteral("Identification terminée"),
            QStringLiteral("L'usager est identifié. Revenez dans l'application Aidants Connect pour "
                           "signer le mandat."));
    }
    return page(200, QStringLiteral("Identification interrompue"),
        QStringLiteral("L'identification FranceConnect n'a pas abouti. Revenez dans l'application "
                       "Aidants Connect pour en connaître la raison."));
}

MandatInfo MandatService::sign(const AuthContext &context, const QString &draftId, const QJsonObject &body)
{
    const QString code = body.value(QStringLiteral("code")).toString();
    if (!OtpVerifier::isWellFormedCode(code))
        throw ApiError::invalidField(QStringLiteral("code"));
    const QJsonObject consents = body.value(QStringLiteral("consents")).toObject();
    const bool informationGiven = consents.value(QStringLiteral("information_given")).toBool();
    const bool remoteWrittenConsent = consents.value(QStringLiteral("remote_written_consent")).toBool();
    if (!isWellFormedDraftId(draftId))
        throw ApiError::notFound();

    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    MandatRepository mandats(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const auto draft = mandats.draft(draftId, &tx);
    if (!draft || draft->aidantId != context.aidantId)
        throw ApiError::notFound();
    if (draft->state == QLatin1String("signed"))
        throw draftError(409, "draft_already_signed", QStringLiteral("Ce mandat est déjà enregistré."));
    if (draft->expiresAtMs <= now) {
        throw draftError(410, "draft_expired",
            QStringLiteral("Le délai pour créer ce mandat est dépassé. Recommencez la création du mandat."));
    }
    if (draft->state != QLatin1String("identified")) {
        throw draftError(409, "draft_not_identified",
            QStringLiteral("L'usager n'est pas encore identifié par FranceConnect."));
    }
    if (!informationGiven || (draft->remote && !remoteWrittenConsent)) {
        throw draftError(400, "consent_required",
            QStringLiteral("Cochez les cases de validation avant d'enregistrer le mandat."));
    }
    const auto aidant = repository.aidant(context.aidantId);
    if (!aidant || !aidant->active || !aidant->info.canCreateMandats
        || aidant->info.currentOrganisationId != draft->organisationId) {
        throw draftError(
            403, "cannot_create_mandats", QStringLiteral("Votre compte ne permet pas de créer ce mandat."));
    }
    if (!m_auth.verifyAidantCode(repository, tx, context.aidantId, code, now, context.loginDeviceId)) {
        tx.commit(); // the failure counts are the brute-force protection
        throw draftError(403, "invalid_code",
            QStringLiteral("Le code saisi est incorrect ou a déjà été utilisé. Saisissez un nouveau code."));
    }

    // One transaction: the mandat, its autorisations, the revocation of the organisation's earlier
    // autorisations for the same usager and démarches, and the journal.
    MandatRecord record;
    record.organisationId = draft->organisationId;
    record.usagerId = draft->usagerId;
    record.aidantId = context.aidantId;
    record.duration = draft->duration;
    record.remote = draft->remote;
    record.createdAtMs = now;
    record.expiresAtMs = now + qint64(MandatDurations::find(draft->duration)->days) * kDayMs;
    record.templateVersion = Attestation::kTemplateVersion;
    mandats.lockUsager(tx, draft->usagerId);
    const QList<ActiveAutorisation> replaced
        = mandats.activeAutorisations(tx, draft->organisationId, draft->usagerId, draft->demarches, now);
    record.id = mandats.insertMandat(record);
    for (const ActiveAutorisation &old : replaced)
        mandats.revokeAutorisation(old.id, now, context.aidantId);
    for (const QString &demarche : draft->demarches)
        record.autorisations.append(
            AutorisationInfo { mandats.insertAutorisation(record.id, demarche), demarche, 0 });

    MandatInfo info = mandatInfo(repository, mandats, record);
    const QString hash = Attestation::hash(info);
    mandats.setAttestationHash(record.id, hash);
    record.attestationHash = hash;
    info.attestationHash = hash;
    info.verifyUrl = record.toInfo(m_publicUrl).verifyUrl;
    mandats.signDraft(draftId, record.id);

    // The journal last: the chain head stays locked for as short a time as possible.
    for (const ActiveAutorisation &old : replaced) {
        JournalEntry e = entryFor(QStringLiteral("cancel_autorisation"), *draft, draft->usagerId);
        e.demarches = QStringList { old.demarche };
        e.mandatId = old.mandatId;
        e.autorisationId = old.id;
        Journal::append(db, tx, e, now);
    }
    JournalEntry attestation = entryFor(QStringLiteral("create_attestation"), *draft, draft->usagerId);
    attestation.demarches = draft->demarches;
    attestation.duration = draft->duration;
    attestation.mandatId = record.id;
    attestation.attestationHash = hash;
    if (draft->remote)
        attestation.info = QStringLiteral("remote: written consent certified by the aidant");
    Journal::append(db, tx, attestation, now);
    for (const AutorisationInfo &a : record.autorisations) {
        JournalEntry e = entryFor(QStringLiteral("create_autorisation"), *draft, draft->usagerId);
        e.demarches = QStringList { a.demarche };
        e.duration = draft->duration;
        e.mandatId = record.id;
        e.autorisationId = a.id;
        Journal::append(db, tx, e, now);
    }
    tx.commit();
    qCInfo(lcMandat) << "mandat" << record.id << "signed by aidant" << context.aidantId << "replacing"
                     << replaced.size() << "autorisation(s)";
    return info;
}

MandatInfo MandatService::mandatInfo(
    Repository &repository, MandatRepository &mandats, const MandatRecord &r) const
{
    MandatInfo info = r.toInfo(m_publicUrl);
    if (auto organisation = repository.organisation(r.organisationId))
        info.organisation = *organisation;
    if (auto aidant = repository.aidant(r.aidantId))
        info.aidantName = aidant->info.firstName + QLatin1Char(' ') + aidant->info.lastName;
    if (auto usager = mandats.usager(r.usagerId))
        info.usager = *usager;
    info.usagerSubHash = mandats.usagerSubHash(r.usagerId);
    return info;
}

MandatInfo MandatService::mandat(const AuthContext &context, const QString &mandatId)
{
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    MandatRepository mandats(db);
    const auto aidant = repository.aidant(context.aidantId);
    const qint64 id = parseId(mandatId);
    const auto record = id > 0 ? mandats.mandat(id) : std::nullopt;
    // Another organisation's mandat does not exist for the caller.
    if (!aidant || !record || record->organisationId != aidant->info.currentOrganisationId)
        throw ApiError::notFound();
    return mandatInfo(repository, mandats, *record);
}

QJsonObject MandatService::verify(const QString &mandatId, const QString &hash)
{
    QSqlDatabase db = m_database.connection();
    MandatRepository mandats(db);
    const qint64 id = parseId(mandatId);
    const auto record = id > 0 && hash.size() == 64 ? mandats.mandat(id) : std::nullopt;
    const bool authentic
        = record && !record->attestationHash.isEmpty() && record->attestationHash == hash.toLower();
    QJsonObject answer { { QStringLiteral("authentic"), authentic } };
    if (authentic) {
        const bool revoked = std::all_of(record->autorisations.begin(), record->autorisations.end(),
            [](const AutorisationInfo &a) { return a.revokedAtMs > 0; });
        const bool expired = record->expiresAtMs <= Clock::instance().nowMs();
        answer.insert(QStringLiteral("state"),
            revoked       ? QStringLiteral("revoked")
                : expired ? QStringLiteral("expired")
                          : QStringLiteral("active"));
        answer.insert(QStringLiteral("expires_at"), record->expiresAtMs);
    }
    return answer;
}

MandatRecord MandatService::organisationMandat(Repository &repository, MandatRepository &mandats,
    const Transaction &tx, const AuthContext &context, const QString &mandatId, qint64 *organisationId)
{
    const auto aidant = repository.aidant(context.aidantId);
    const qint64 id = parseId(mandatId);
    if (!aidant || id == 0)
        throw ApiError::notFound();
    mandats.lockMandat(tx, id);
    const auto record = mandats.mandat(id);
    // Another organisation's mandat does not exist for the caller: same answer, nothing changed.
    if (!record || record->organisationId != aidant->info.currentOrganisationId)
        throw ApiError::notFound();
    *organisationId = aidant->info.currentOrganisationId;
    return *record;
}

MandatInfo MandatService::revoke(const AuthContext &context, const QString &mandatId, qint64 autorisationId)
{
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    MandatRepository mandats(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    qint64 organisationId = 0;
    MandatRecord record = organisationMandat(repository, mandats, tx, context, mandatId, &organisationId);
    MandatInfo info = mandatInfo(repository, mandats, record);
    QList<AutorisationInfo> targets;
    for (const AutorisationInfo &a : record.autorisations) {
        if (autorisationId == 0 ? a.revokedAtMs == 0 : a.id == autorisationId)
            targets.append(a);
    }
    if (autorisationId != 0 && targets.isEmpty())
        throw ApiError::notFound();
    if (MandatRules::state(info, now) != MandatRules::State::Active) {
        throw draftError(409, "mandat_not_active",
            QStringLiteral("Ce mandat n'est plus actif : il ne peut pas être révoqué."));
    }
    if (targets.isEmpty() || targets.first().revokedAtMs != 0) {
        throw draftError(409, "already_revoked", QStringLiteral("Cette démarche est déjà révoquée."));
    }
    for (const AutorisationInfo &a : targets)
        mandats.revokeAutorisation(a.id, now, context.aidantId);
    const auto after = mandats.mandat(record.id);
    info = mandatInfo(repository, mandats, *after);
    const bool mandatRevoked = MandatRules::state(info, now) == MandatRules::State::Revoked;

    for (const AutorisationInfo &a : targets) {
        JournalEntry e;
        e.action = QStringLiteral("cancel_autorisation");
        e.aidantId = context.aidantId;
        e.organisationId = organisationId;
        e.usagerId = record.usagerId;
        e.demarches = QStringList { a.demarche };
        e.mandatId = record.id;
        e.autorisationId = a.id;
        Journal::append(db, tx, e, now);
    }
    if (mandatRevoked) {
        JournalEntry e;
        e.action = QStringLiteral("cancel_mandat");
        e.aidantId = context.aidantId;
        e.organisationId = organisationId;
        e.usagerId = record.usagerId;
        e.mandatId = record.id;
        e.attestationHash = record.attestationHash;
        Journal::append(db, tx, e, now);
    }
    tx.commit();
    qCInfo(lcMandat) << "aidant" << context.aidantId << "revoked" << targets.size()
                     << "autorisation(s) of mandat" << record.id;
    return info;
}

MandatInfo MandatService::revokeAutorisation(
    const AuthContext &context, const QString &mandatId, const QString &autorisationId)
{
    const qint64 id = parseId(autorisationId);
    if (id == 0)
        throw ApiError::notFound();
    return revoke(context, mandatId, id);
}

MandatInfo MandatService::revokeMandat(const AuthContext &context, const QString &mandatId)
{
    return revoke(context, mandatId, 0);
}

MandatDraftInfo MandatService::createRenewalDraft(
    const AuthContext &context, const QString &mandatId, const QJsonObject &body)
{
    const DraftRequest request = readDraftRequest(body);
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    MandatRepository mandats(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    qint64 organisationId = 0;
    const MandatRecord record
        = organisationMandat(repository, mandats, tx, context, mandatId, &organisationId);
    const OrganisationInfo organisation = checkCanCreate(repository, context, request.demarches);
    if (!MandatRules::isRenewable(mandatInfo(repository, mandats, record), now)) {
        throw draftError(409, "not_renewable",
            QStringLiteral("Ce mandat a pris fin il y a plus d'un an : il ne peut plus être renouvelé. "
                           "Créez un nouveau mandat."));
    }
    // The usager is the renewed mandat's: no FranceConnect step (reference/aidants-connect.md).
    const DraftRecord draft = newDraft(request, context, organisation.id, record.usagerId, now);
    mandats.createDraft(draft);
    JournalEntry e;
    e.action = QStringLiteral("init_renew_mandat");
    e.aidantId = context.aidantId;
    e.organisationId = organisationId;
    e.usagerId = record.usagerId;
    e.demarches = request.demarches;
    e.duration = draft.duration;
    e.mandatId = record.id;
    Journal::append(db, tx, e, now);
    tx.commit();
    return draftInfo(mandats, draft, now);
}

void MandatService::switchOrganisation(const AuthContext &context, const QJsonObject &body)
{
    const QJsonValue value = body.value(QStringLiteral("organisation_id"));
    if (!value.isDouble() || value.toInteger() <= 0)
        throw ApiError::invalidField(QStringLiteral("organisation_id"));
    const qint64 organisationId = value.toInteger();
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const auto aidant = repository.aidant(context.aidantId);
    // An organisation the aidant does not belong to does not exist for them (no redirect either).
    if (!aidant || !aidant->info.organisationIds.contains(organisationId))
        throw ApiError::notFound();
    if (aidant->info.currentOrganisationId == organisationId)
        return;
    repository.setCurrentOrganisation(context.aidantId, organisationId);
    JournalEntry e;
    e.action = QStringLiteral("switch_organisation");
    e.aidantId = context.aidantId;
    e.organisationId = organisationId;
    e.info = QStringLiteral("from organisation %1").arg(aidant->info.currentOrganisationId);
    Journal::append(db, tx, e, now);
    tx.commit();
}
