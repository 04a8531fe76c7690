#pragma once

#include "Idp.h"
#include "Mandat.h"
#include "Result.h"
#include "Stats.h"
#include "Sync.h"
#include "WireTypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>

/// Espace référent answers (docs/referent.md) that wrap the wire types.
struct ManagedOrganisationList
{
    QList<ManagedOrganisation> organisations;
    static ManagedOrganisationList fromJson(const QJsonObject &json);
};

struct ReferentAidantList
{
    QList<ReferentAidant> aidants;
    static ReferentAidantList fromJson(const QJsonObject &json);
};

/// The answer of `POST …/app`: the otpauth:// URI, answered once (show it, never store it).
struct AppEnrolment
{
    QString otpauthUri;
    ReferentAidant aidant;
    static AppEnrolment fromJson(const QJsonObject &json);
};

/// The answer of `POST …/remove`: whether it was the aidant's last organisation.
struct AidantRemoval
{
    bool deactivated = false;
    ReferentAidant aidant;
    static AidantRemoval fromJson(const QJsonObject &json);
};

/// The answer of `POST /auth/first-login/start`: the enrolment token and the app's URI (shown once).
struct FirstLoginEnrolment
{
    QString enrolmentToken;
    QString otpauthUri;
    static FirstLoginEnrolment fromJson(const QJsonObject &json);
};

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

/// The client's only HTTP code: calls the sync server's API (docs/api.md) and returns typed results.
///
/// Every call is asynchronous. Its callback runs on the caller's thread once the answer is
/// in, unless `context` was destroyed first (then it never runs). TLS errors are never ignored.
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)

public:
    using SessionCallback = std::function<void(const Result<SessionInfo> &)>;
    using StatusCallback = std::function<void(const Status &)>;
    using DraftCallback = std::function<void(const Result<MandatDraftInfo> &)>;
    using MandatCallback = std::function<void(const Result<MandatInfo> &)>;
    using SyncCallback = std::function<void(const Result<SyncPage> &)>;
    using IdpRequestCallback = std::function<void(const Result<IdpRequestInfo> &)>;
    using IdpRedirectCallback = std::function<void(const Result<IdpRedirect> &)>;
    using OrganisationsCallback = std::function<void(const Result<ManagedOrganisationList> &)>;
    using OrganisationCallback = std::function<void(const Result<ManagedOrganisation> &)>;
    using AidantsCallback = std::function<void(const Result<ReferentAidantList> &)>;
    using AidantCallback = std::function<void(const Result<ReferentAidant> &)>;
    using AppEnrolmentCallback = std::function<void(const Result<AppEnrolment> &)>;
    using RemovalCallback = std::function<void(const Result<AidantRemoval> &)>;
    using FirstLoginCallback = std::function<void(const Result<FirstLoginEnrolment> &)>;

    static constexpr int kDefaultTransferTimeoutMs = 15000;

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    /// Adds the CA certificates of a PEM file to the trusted ones (empty path: system CAs only).
    /// When the file cannot be read, every request fails with a French error until it is fixed.
    Status setCaCertificateFile(const QString &path);
    /// The CA certificates trusted besides the system's (setCaCertificateFile()).
    QList<QSslCertificate> extraCaCertificates() const { return m_extraCaCertificates; }
    void setTransferTimeout(int milliseconds) { m_transferTimeoutMs = milliseconds; }

    void setToken(const QByteArray &token) { m_token = token; }
    QByteArray token() const { return m_token; }
    bool hasToken() const { return !m_token.isEmpty(); }

    void login(const QString &email, const QString &code, QObject *context, SessionCallback callback);
    void activityCheck(const QString &code, QObject *context, SessionCallback callback);
    void logout(QObject *context, StatusCallback callback);
    void me(QObject *context, SessionCallback callback);
    void acceptCgu(const QString &version, QObject *context, SessionCallback callback);

    /// Mandat creation (docs/api.md § Mandats): the draft, then the signature with a fresh code.
    void createMandatDraft(const QStringList &demarches, const QString &duration, bool remote,
        bool remoteConsentCertified, QObject *context, DraftCallback callback);
    void mandatDraft(const QString &draftId, QObject *context, DraftCallback callback);
    void signMandatDraft(const QString &draftId, const QString &code, bool informationGiven,
        bool remoteWrittenConsent, QObject *context, MandatCallback callback);
    void mandat(qint64 mandatId, QObject *context, MandatCallback callback);

    /// Mes mandats (docs/api.md § Sync, § Revocation and renewal).
    void sync(const QString &cursor, QObject *context, SyncCallback callback);
    void revokeAutorisation(
        qint64 mandatId, qint64 autorisationId, QObject *context, MandatCallback callback);
    void revokeMandat(qint64 mandatId, QObject *context, MandatCallback callback);
    /// A draft for renewing a mandat, already identified (no FranceConnect step); sign it as any draft.
    void createRenewalDraft(qint64 mandatId, const QStringList &demarches, const QString &duration,
        bool remote, bool remoteConsentCertified, QObject *context, DraftCallback callback);
    void switchOrganisation(qint64 organisationId, QObject *context, SessionCallback callback);

    /// Identity provider (docs/api.md § Identity provider): the FranceConnect authorization request
    /// the démarche's browser was sent to (the full `/oidc/authorize?...` URL). An error may carry
    /// Error::redirect, the OAuth error redirect back to FranceConnect, to load in the browser.
    void createIdpRequest(const QUrl &authorizeUrl, QObject *context, IdpRequestCallback callback);
    /// The aidant's choice for that request; the answer is the redirect back to FranceConnect.
    void chooseIdpRequest(const QString &requestId, qint64 usagerId, const QString &demarche,
        QObject *context, IdpRedirectCallback callback);
    /// Nobody chosen: the answer is FranceConnect's access_denied redirect.
    void cancelIdpRequest(const QString &requestId, QObject *context, IdpRedirectCallback callback);

    using StatsCallback = std::function<void(const Result<StatsFigures> &)>;
    /// Public statistics (docs/stats.md): `GET /api/v1/stats`, national, or for one département
    /// or one région when its code is given (at most one of the two). No session needed.
    void stats(const QString &departement, const QString &region, QObject *context, StatsCallback callback);
    /// The same figures for one organisation the caller is référent of.
    void organisationStats(qint64 organisationId, QObject *context, StatsCallback callback);
    /// Reads a statistics answer: an error (never zeros) when it is not one, or not for @p expectedScope
    /// (empty: any scope).
    static Result<StatsFigures> readStats(const QJsonObject &json, const QString &expectedScope);

    /// First login of a référent without a device (docs/referent.md § First login): the emailed
    /// code, then the app's enrolment, then its first code opens the session (the login answer,
    /// device token included, handled as login() does).
    void requestFirstLoginCode(const QString &email, QObject *context, StatusCallback callback);
    void startFirstLogin(
        const QString &email, const QString &emailCode, QObject *context, FirstLoginCallback callback);
    void confirmFirstLogin(const QString &email, const QString &enrolmentToken, const QString &code,
        QObject *context, SessionCallback callback);

    /// Espace référent (docs/referent.md): the organisations the caller manages, now.
    void referentOrganisations(QObject *context, OrganisationsCallback callback);
    void referentOrganisation(qint64 organisationId, QObject *context, OrganisationCallback callback);
    void setOrganisationDemarches(
        qint64 organisationId, const QStringList &demarches, QObject *context, OrganisationCallback callback);
    void referentAidants(qint64 organisationId, QObject *context, AidantsCallback callback);
    void referentAidant(qint64 organisationId, qint64 aidantId, QObject *context, AidantCallback callback);
    void associateCard(qint64 organisationId, qint64 aidantId, const QString &serial, QObject *context,
        AidantCallback callback);
    void validateCard(qint64 organisationId, qint64 aidantId, const QString &code, QObject *context,
        AidantCallback callback);
    /// @p reason: perte, casse, dysfonctionnement, depart, erreur or autre (then @p details).
    void dissociateCard(qint64 organisationId, qint64 aidantId, const QString &reason, const QString &details,
        QObject *context, AidantCallback callback);
    void enrolApp(qint64 organisationId, qint64 aidantId, QObject *context, AppEnrolmentCallback callback);
    void confirmApp(qint64 organisationId, qint64 aidantId, const QString &code, QObject *context,
        AidantCallback callback);
    void removeApp(qint64 organisationId, qint64 aidantId, QObject *context, AidantCallback callback);
    void removeAidant(qint64 organisationId, qint64 aidantId, QObject *context, RemovalCallback callback);
    void reactivateAidant(qint64 organisationId, qint64 aidantId, QObject *context, AidantCallback callback);
    void setAidantOrganisations(qint64 organisationId, qint64 aidantId, const QList<qint64> &organisationIds,
        QObject *context, AidantCallback callback);
    void setAidantReferent(
        qint64 organisationId, qint64 aidantId, bool referent, QObject *context, AidantCallback callback);

    /// Habilitation (docs/habilitation.md): habilitation requests of people to train, their training
    /// registration, and structure change requests of aidants habilitated elsewhere. Labels and the
    /// référent's allowed actions come from the server, shown as they are.
    struct TrainingSession
    {
        qint64 id = 0;
        QString organisme;
        QString datesLabel; ///< « Le 14 février 2027 »
        QString durationLabel; ///< « 7h »
        QString formatLabel; ///< « Présentiel »
        QString place;
        int seatsLeft = 0;
        bool selected = false; ///< the request is registered to it (training-sessions answer only)
        static TrainingSession fromJson(const QJsonObject &json);
    };
    struct HabilitationRequest
    {
        qint64 id = 0;
        QString firstName;
        QString lastName;
        QString email;
        QString profession;
        bool conseillerNumerique = false;
        QString status; ///< code: waiting_list, new, processing, …
        QString statusLabel; ///< « Liste d'attente », « Éligibilité validée », …
        QStringList actions; ///< the référent's: cancel_by_referent, register_training
        qint64 aidantId = 0;
        QList<TrainingSession> trainingSessions;
        QString fullName() const { return firstName + QLatin1Char(' ') + lastName; }
        static HabilitationRequest fromJson(const QJsonObject &json);
    };
    struct HabilitationRequestList
    {
        QList<HabilitationRequest> requests;
        static HabilitationRequestList fromJson(const QJsonObject &json);
    };
    /// The sessions offered to a request (those it is registered to marked `selected`).
    struct TrainingOffer
    {
        HabilitationRequest request;
        QList<TrainingSession> sessions;
        static TrainingOffer fromJson(const QJsonObject &json);
    };
    struct StructureChange
    {
        qint64 id = 0;
        QString email;
        QString newEmail;
        QString firstName;
        QString lastName;
        QString status;
        QString statusLabel;
        QStringList actions;
        static StructureChange fromJson(const QJsonObject &json);
    };
    struct StructureChangeList
    {
        QList<StructureChange> changes;
        static StructureChangeList fromJson(const QJsonObject &json);
    };
    /// A person to train, as the « Ajouter un aidant » form asks (`professional`: declared a
    /// professional, neither a volunteer nor a service civique).
    struct NewHabilitationAidant
    {
        QString firstName;
        QString lastName;
        QString email;
        QString profession;
        bool conseillerNumerique = false;
        bool professional = false;
    };
    /// An aidant habilitated elsewhere: the current email, optionally the one they will have here.
    struct StructureChangeEmail
    {
        QString email;
        QString newEmail;
    };
    using HabilitationRequestCallback = std::function<void(const Result<HabilitationRequest> &)>;
    using HabilitationRequestsCallback = std::function<void(const Result<HabilitationRequestList> &)>;
    using TrainingOfferCallback = std::function<void(const Result<TrainingOffer> &)>;
    using StructureChangeCallback = std::function<void(const Result<StructureChange> &)>;
    using StructureChangesCallback = std::function<void(const Result<StructureChangeList> &)>;

    void habilitationRequests(qint64 organisationId, QObject *context, HabilitationRequestsCallback callback);
    /// All or none: the answer lists the requests created.
    void createHabilitationRequests(qint64 organisationId, const QList<NewHabilitationAidant> &aidants,
        QObject *context, HabilitationRequestsCallback callback);
    void cancelHabilitationRequest(
        qint64 organisationId, qint64 requestId, QObject *context, HabilitationRequestCallback callback);
    void trainingSessions(
        qint64 organisationId, qint64 requestId, QObject *context, TrainingOfferCallback callback);
    /// Replaces the request's sessions by @p sessionIds (empty: unregisters).
    void registerTraining(qint64 organisationId, qint64 requestId, const QList<qint64> &sessionIds,
        QObject *context, HabilitationRequestCallback callback);
    void structureChanges(qint64 organisationId, QObject *context, StructureChangesCallback callback);
    void createStructureChanges(qint64 organisationId, const QList<StructureChangeEmail> &emails,
        QObject *context, StructureChangesCallback callback);
    void cancelStructureChange(
        qint64 organisationId, qint64 changeId, QObject *context, StructureChangeCallback callback);

    /// The French message for an unreachable server (also used by tests).
    static QString unreachableMessage();
    static QString tlsFailureMessage();

private:
    using JsonCallback = std::function<void(const Result<QJsonObject> &)>;

    void send(const QByteArray &verb, const QString &path, const QJsonObject *body, QObject *context,
        JsonCallback callback);
    /// send() whose answer is read with T::fromJson.
    template<typename T>
    void sendFor(const QByteArray &verb, const QString &path, const QJsonObject *body, QObject *context,
        std::function<void(const Result<T> &)> callback);
    /// A POST to `/api/v1/referent/organisations/{org}/aidants/{aidant}/<action>` read as T.
    template<typename T>
    void sendAidantAction(qint64 organisationId, qint64 aidantId, const char *action, const QJsonObject &body,
        QObject *context, std::function<void(const Result<T> &)> callback);
    /// A session answer (login, first-login confirmation): keeps the workstation's device token.
    void sendLogin(const QString &path, const QString &email, QJsonObject body, QObject *context,
        SessionCallback callback);
    QNetworkRequest makeRequest(const QString &path) const;
    static Result<QJsonObject> parseReply(QNetworkReply *reply);

    QNetworkAccessManager *m_network = nullptr;
    QUrl m_baseUrl;
    QByteArray m_token;
    QList<QSslCertificate> m_extraCaCertificates;
    QString m_configurationError;
    int m_transferTimeoutMs = kDefaultTransferTimeoutMs;
};
