#pragma once

#include "AuthService.h"
#include "Database.h"
#include "FranceConnect.h"
#include "HttpAnswer.h"
#include "Mandat.h"
#include "ServerConfig.h"

#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

class MandatRepository;
class Repository;
struct DraftRecord;
struct MandatRecord;

/// Mandat creation (docs/api.md § Mandats, docs/franceconnect.md): drafts, the FranceConnect journey
/// in the client's embedded browser, the signature transaction, and the verification of printed mandats.
/// API methods throw ApiError; browser methods answer pages or redirects.
class MandatService
{
public:
    MandatService(Database &database, const ServerConfig &config, AuthService &auth);
    ~MandatService();

    /// The URL browsers and clients reach us at (set once the server listens).
    void setPublicUrl(const QUrl &url) { m_publicUrl = url; }
    QUrl callbackUrl() const;
    QUrl postLogoutUrl() const;

    MandatDraftInfo createDraft(const AuthContext &context, const QJsonObject &body);
    MandatDraftInfo draft(const AuthContext &context, const QString &draftId);
    MandatInfo sign(const AuthContext &context, const QString &draftId, const QJsonObject &body);
    MandatInfo mandat(const AuthContext &context, const QString &mandatId);
    /// Revokes one autorisation (journal cancel_autorisation, and cancel_mandat when it was the last).
    MandatInfo revokeAutorisation(
        const AuthContext &context, const QString &mandatId, const QString &autorisationId);
    /// Revokes every unrevoked autorisation of an active mandat, then journals cancel_mandat.
    MandatInfo revokeMandat(const AuthContext &context, const QString &mandatId);
    /// A draft renewing a visible mandat for the same usager, identified at once (no FranceConnect).
    MandatDraftInfo createRenewalDraft(
        const AuthContext &context, const QString &mandatId, const QJsonObject &body);
    /// Changes the aidant's current organisation (journal switch_organisation).
    void switchOrganisation(const AuthContext &context, const QJsonObject &body);
    /// Whether @p hash is the attestation hash of mandat @p mandatId; no personal data in the answer.
    QJsonObject verify(const QString &mandatId, const QString &hash);

    HttpAnswer start(const QString &draftId);
    HttpAnswer franceConnectCallback(const QUrlQuery &query);
    HttpAnswer franceConnectLogoutCallback(const QUrlQuery &query);
    HttpAnswer done(const QUrlQuery &query);

    /// The French message for a draft failure code.
    static QString failureMessage(const QString &code);

private:
    struct DraftRequest
    {
        QStringList demarches;
        const MandatDuration *duration = nullptr;
        bool remote = false;
        bool remoteConsentCertified = false;
    };
    /// Checks a draft's body and the aidant's right to create it; returns the organisation.
    DraftRequest readDraftRequest(const QJsonObject &body) const;
    DraftRecord newDraft(const DraftRequest &request, const AuthContext &context, qint64 organisationId,
        qint64 usagerId, qint64 nowMs) const;
    OrganisationInfo checkCanCreate(
        Repository &repository, const AuthContext &context, const QStringList &demarches) const;
    /// The caller's organisation's mandat, locked inside @p tx; 404 otherwise.
    MandatRecord organisationMandat(Repository &repository, MandatRepository &mandats, const Transaction &tx,
        const AuthContext &context, const QString &mandatId, qint64 *organisationId);
    MandatInfo revoke(const AuthContext &context, const QString &mandatId, qint64 autorisationId);
    MandatDraftInfo draftInfo(MandatRepository &repository, const DraftRecord &draft, qint64 nowMs) const;
    MandatInfo mandatInfo(
        Repository &repository, MandatRepository &mandats, const MandatRecord &record) const;
    QUrl doneUrl(const QString &draftId, bool ok) const;
    HttpAnswer failDraft(const QString &draftId, const QString &code);

    Database &m_database;
    const ServerConfig &m_config;
    AuthService &m_auth;
    std::unique_ptr<FranceConnect> m_franceConnect; ///< null when not configured
    QUrl m_publicUrl;
};
