#pragma once

#include "Database.h"

#include <QStringList>

#include <optional>

/// An authorize request of FranceConnect waiting for the aidant's choice (table idp_requests).
struct IdpRequestRecord
{
    qint64 id = 0;
    QString clientId;
    QString redirectUri;
    QString state;
    QString nonce;
    std::optional<QStringList> repScope; ///< absent: FranceConnect asked no restriction
    qint64 aidantId = 0; ///< 0 until an aidant is bound (HTML flow before login)
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0;
    qint64 completedAtMs = 0;
};

/// An authorization code (table idp_codes): single use, bound to client, redirect URI and nonce.
struct IdpCodeRecord
{
    qint64 id = 0;
    QString clientId;
    QString redirectUri;
    QString nonce;
    qint64 aidantId = 0;
    qint64 organisationId = 0;
    qint64 usagerId = 0;
    qint64 autorisationId = 0;
    QString demarche;
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0;
    qint64 usedAtMs = 0;
};

/// An access token for userinfo (table idp_access_tokens).
struct IdpAccessTokenRecord
{
    qint64 id = 0;
    qint64 usagerId = 0;
    QString demarche;
    qint64 expiresAtMs = 0;
    qint64 revokedAtMs = 0;
};

/// An usager the aidant may FranceConnect, with the démarches an active autorisation covers.
struct IdpEligibleUsager
{
    qint64 id = 0;
    QString givenName;
    QString familyName;
    QString birthdate;
    QStringList demarches;
};

/// An active autorisation that a choice or a code exchange relies on.
struct IdpAutorisation
{
    qint64 id = 0;
    qint64 mandatId = 0;
};

/// Storage of the identity-provider role (same rules as Repository: SQL for both dialects,
/// DatabaseError on failure, callers own the transactions). Codes, tokens and request handles are
/// looked up by their SHA-256 only.
class IdpRepository
{
public:
    explicit IdpRepository(QSqlDatabase db);

    void insertRequest(const QString &handleHash, const IdpRequestRecord &request);
    std::optional<IdpRequestRecord> requestByHandle(
        const QString &handleHash, const Transaction *forUpdate = nullptr);
    /// Binds an unbound request to @p aidantId; false when another aidant holds it.
    bool bindRequest(qint64 requestId, qint64 aidantId);
    void completeRequest(qint64 requestId, qint64 nowMs);

    /// Usagers with an unrevoked autorisation of an unexpired mandat of @p organisationId, by name.
    QList<IdpEligibleUsager> eligibleUsagers(qint64 organisationId, qint64 nowMs);
    /// The active autorisation of (organisation, usager, démarche), if any (locked inside @p tx).
    std::optional<IdpAutorisation> activeAutorisation(
        const Transaction &tx, qint64 organisationId, qint64 usagerId, const QString &demarche, qint64 nowMs);
    /// Whether autorisation @p id is unrevoked and its mandat unexpired at @p nowMs.
    std::optional<IdpAutorisation> autorisationIfActive(qint64 id, qint64 nowMs);

    /// Whether aidant @p aidantId is active and still a member of @p organisationId.
    bool aidantMayAct(qint64 aidantId, qint64 organisationId);

    void insertCode(const QString &codeHash, const IdpCodeRecord &code);
    std::optional<IdpCodeRecord> codeByHash(const Transaction &tx, const QString &codeHash);
    /// Marks the code used unless it already was: true for the one caller that spends it.
    bool spendCode(qint64 codeId, qint64 nowMs);

    void insertAccessToken(const QString &tokenHash, qint64 codeId, qint64 usagerId, const QString &demarche,
        qint64 nowMs, qint64 expiresAtMs);
    std::optional<IdpAccessTokenRecord> accessToken(const QString &tokenHash);
    /// Revokes what a code issued (its second exchange is a sign that it leaked).
    void revokeTokensOfCode(qint64 codeId, qint64 nowMs);

    /// Deletes requests, codes and tokens that ended before @p beforeMs.
    void purge(qint64 beforeMs);

private:
    QSqlDatabase m_db;
};
