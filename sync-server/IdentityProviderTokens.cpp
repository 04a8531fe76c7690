#include "Clock.h"
#include "Demarches.h"
#include "FrenchDate.h"
#include "IdentityProvider.h"
#include "IdentityProviderInternal.h"
#include "IdpRepository.h"
#include "Journal.h"
#include "MandatRepository.h"
#include "Outbox.h"
#include "Repository.h"
#include "Secrets.h"

#include <QJsonArray>

// FranceConnect's back channel: the token and userinfo endpoints.

namespace {

/// The notice sent to the usager at each démarche carried out on their behalf.
OutgoingEmail noticeEmail(const UsagerIdentity &usager, const AidantInfo &aidant, const QString &organisation,
    const QString &demarche, qint64 nowMs)
{
    const Demarche *d = Demarches::find(demarche);
    OutgoingEmail email;
    email.to = usager.email;
    email.subject = QStringLiteral("Aidants Connect : une démarche a été réalisée pour vous");
    email.body = QStringLiteral(
        "Bonjour %1,\n\n"
        "Le %2, %3 %4, aidant(e) de la structure « %5 », a réalisé pour vous une démarche en ligne "
        "dans le domaine « %6 », au titre du mandat Aidants Connect que vous avez signé.\n\n"
        "Si vous n'avez pas demandé cette démarche, contactez la structure « %5 ». Vous pouvez à tout "
        "moment révoquer votre mandat auprès d'elle.\n\n"
        "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n\n"
        "Aidants Connect\n")
                     .arg(usager.fullName(), FrenchDate::dateTime(nowMs), aidant.firstName, aidant.lastName,
                         organisation, d ? d->title : demarche);
    return email;
}

} // namespace

HttpAnswer IdentityProvider::tokenError(int status, const QString &error, const QString &description) const
{
    HttpAnswer answer = HttpAnswer::json(
        { { QStringLiteral("error"), error }, { QStringLiteral("error_description"), description } }, status);
    if (status == 401)
        answer.withHeader(
            QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Basic realm=\"aidants-connect\""));
    return answer;
}

HttpAnswer IdentityProvider::token(const QUrlQuery &form)
{
    const IdentityProviderConfig &idp = m_config.identityProvider;
    const TokenRequestCheck request = OidcChecks::checkTokenRequest(form, m_client);
    if (!request.ok())
        return tokenError(request.status, request.error, request.errorDescription);

    QSqlDatabase db = m_database.connection();
    IdpRepository store(db);
    const qint64 now = Clock::instance().nowMs();
    const QString accessToken = Secrets::randomToken(32);
    UsagerIdentity usager;
    QString subHash;
    IdpCodeRecord code;
    {
        Transaction tx(db, m_database.dialect());
        const auto found = store.codeByHash(tx, Secrets::sha256Hex(request.code));
        if (!found)
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("unknown code"));
        code = *found;
        const CodeBinding binding { code.clientId, code.redirectUri, code.expiresAtMs, code.usedAtMs };
        if (OidcChecks::isReusedCode(binding)) {
            // A second exchange: the code leaked. Revoke what the first exchange gave.
            store.revokeTokensOfCode(code.id, now);
            tx.commit();
            qCWarning(lcIdp) << "authorization code" << code.id << "presented twice; its tokens are revoked";
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("code already used"));
        }
        const QString refusal = OidcChecks::codeRefusal(binding, request, idp.clientId, now);
        if (!refusal.isEmpty())
            return tokenError(400, QStringLiteral("invalid_grant"), refusal);
        // The aidant who chose may have been deactivated, or removed from the organisation, since.
        if (!store.aidantMayAct(code.aidantId, code.organisationId))
            return tokenError(
                400, QStringLiteral("invalid_grant"), QStringLiteral("the aidant may no longer act"));
        const auto autorisation = store.autorisationIfActive(code.autorisationId, now);
        if (!autorisation)
            return tokenError(
                400, QStringLiteral("invalid_grant"), QStringLiteral("the mandat no longer allows it"));
        if (!store.spendCode(code.id, now))
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("code already used"));

        QHash<qint64, QString> subHashes;
        const QList<UsagerIdentity> identities = MandatRepository(db).usagers({ code.usagerId }, &subHashes);
        if (identities.isEmpty())
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("unknown usager"));
        usager = identities.first();
        subHash = subHashes.value(code.usagerId);
        store.insertAccessToken(Secrets::sha256Hex(accessToken), code.id, code.usagerId, code.demarche, now,
            now + qint64(idp.accessTokenLifetimeSeconds) * 1000);

        JournalEntry entry;
        entry.action = QStringLiteral("use_autorisation");
        entry.aidantId = code.aidantId;
        entry.organisationId = code.organisationId;
        entry.usagerId = code.usagerId;
        entry.demarches = { code.demarche };
        entry.mandatId = autorisation->mandatId;
        entry.autorisationId = autorisation->id;
        Journal::append(db, tx, entry, now);

        if (!usager.email.isEmpty()) {
            Repository repository(db);
            const auto aidant = repository.aidant(code.aidantId, Repository::Memberships::Skipped);
            const auto organisation = repository.organisation(code.organisationId);
            Outbox::enqueue(db,
                noticeEmail(usager, aidant ? aidant->info : AidantInfo {},
                    organisation ? organisation->name : QString(), code.demarche, now),
                now);
        }
        tx.commit();
    }

    const qint64 iat = now / 1000;
    const QJsonObject claims {
        { QStringLiteral("iss"), issuer() },
        { QStringLiteral("sub"), subHash },
        { QStringLiteral("aud"), idp.clientId },
        { QStringLiteral("iat"), iat },
        { QStringLiteral("exp"), iat + idp.accessTokenLifetimeSeconds },
        { QStringLiteral("auth_time"), iat },
        { QStringLiteral("nonce"), code.nonce },
        { QStringLiteral("acr"), OidcChecks::acr() },
        { QStringLiteral("rep_scope"), QJsonArray { code.demarche } },
    };
    const Result<QByteArray> idToken = m_key.sign(claims);
    if (!idToken) {
        qCWarning(lcIdp) << "cannot sign an id_token:" << idToken.error().message;
        return tokenError(500, QStringLiteral("server_error"), QStringLiteral("cannot sign"));
    }
    HttpAnswer answer = HttpAnswer::json({ { QStringLiteral("access_token"), accessToken },
        { QStringLiteral("token_type"), QStringLiteral("Bearer") },
        { QStringLiteral("expires_in"), idp.accessTokenLifetimeSeconds },
        { QStringLiteral("id_token"), QString::fromLatin1(idToken.value()) } });
    return answer;
}

HttpAnswer IdentityProvider::userinfo(const QString &bearerToken)
{
    const auto invalid = [] {
        return HttpAnswer::json({ { QStringLiteral("error"), QStringLiteral("invalid_token") },
                                    { QStringLiteral("error_description"),
                                        QStringLiteral("unknown, expired or revoked token") } },
            401)
            .withHeader(
                QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer error=\"invalid_token\""));
    };
    if (!enabled() || bearerToken.isEmpty())
        return invalid();
    QSqlDatabase db = m_database.connection();
    const auto token = IdpRepository(db).accessToken(Secrets::sha256Hex(bearerToken));
    if (!token || token->revokedAtMs != 0 || token->expiresAtMs <= Clock::instance().nowMs())
        return invalid();
    // The usager and their hashed sub in one query.
    QHash<qint64, QString> subHashes;
    const QList<UsagerIdentity> usagers = MandatRepository(db).usagers({ token->usagerId }, &subHashes);
    if (usagers.isEmpty())
        return invalid();
    const UsagerIdentity *usager = &usagers.first();
    QJsonObject claims { { QStringLiteral("sub"), subHashes.value(token->usagerId) },
        { QStringLiteral("given_name"), usager->givenName },
        { QStringLiteral("family_name"), usager->familyName },
        { QStringLiteral("birthdate"), usager->birthdate }, { QStringLiteral("gender"), usager->gender },
        // Empty when born abroad: never the string "None".
        { QStringLiteral("birthplace"), usager->birthplace },
        { QStringLiteral("birthcountry"), usager->birthcountry },
        { QStringLiteral("email"), usager->email } };
    if (!usager->preferredUsername.isEmpty())
        claims.insert(QStringLiteral("preferred_username"), usager->preferredUsername);
    return HttpAnswer::json(claims);
}
