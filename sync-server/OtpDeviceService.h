#pragma once

#include "AuthService.h"
#include "Database.h"
#include "WireTypes.h"

#include <QJsonObject>

class Repository;
struct AidantRecord;

/// The OTP devices a référent manages for the aidants of their organisations (docs/referent.md):
/// cards (associate, validate, dissociate) and the phone app (enrol, confirm, remove), and the
/// first login of a référent without any device. Throws ApiError.
///
/// Each action is one transaction: access checks (the référent role read now), the aidant's row
/// locked then their device's, the change, the journal entry, the commit. A refusal changes
/// nothing, except a wrong code, which counts in the aidant's attempt budget as at login.
class OtpDeviceService
{
public:
    OtpDeviceService(Database &database, AuthService &auth);

    // First login (docs/referent.md): the emailed code and the enrolment token.
    static constexpr int kFirstLoginCodeDigits = 8;
    static constexpr qint64 kFirstLoginCodeLifetimeMs = 15 * 60 * 1000;
    static constexpr qint64 kEnrolmentLifetimeMs = 15 * 60 * 1000;
    static constexpr int kFirstLoginCodeAttempts = 5;
    static constexpr qint64 kFirstLoginEmailIntervalMs = 60 * 1000;
    static constexpr int kFirstLoginEmailsPerDay = 5;

    // Routes of …/organisations/{org}/aidants/{aidant}: @p org and @p aidant are the raw route arguments.
    QJsonObject associateCard(
        const AuthContext &context, const QString &org, const QString &aidant, const QJsonObject &body);
    QJsonObject validateCard(
        const AuthContext &context, const QString &org, const QString &aidant, const QJsonObject &body);
    QJsonObject dissociateCard(
        const AuthContext &context, const QString &org, const QString &aidant, const QJsonObject &body);
    /// {otpauth_uri, aidant}: the only time the secret leaves the server.
    QJsonObject enrolApp(const AuthContext &context, const QString &org, const QString &aidant);
    QJsonObject confirmApp(
        const AuthContext &context, const QString &org, const QString &aidant, const QJsonObject &body);
    QJsonObject removeApp(const AuthContext &context, const QString &org, const QString &aidant);

    // First login of a référent without a confirmed device.
    /// Always {status: "sent"}; emails a code only to an active référent without a confirmed device.
    QJsonObject firstLoginRequest(const QJsonObject &body);
    /// {enrolment_token, otpauth_uri}; 401 invalid_credentials for every failure.
    QJsonObject firstLoginStart(const QJsonObject &body);
    /// The login answer (device_token in @p issuedDeviceToken when a new familiar device is issued).
    SessionInfo firstLoginConfirm(const QJsonObject &body, QString *issuedDeviceToken);

    /// otpauth://totp/Aidants%20Connect:<email>?secret=…&issuer=Aidants%20Connect&algorithm=SHA1&digits=6&period=30
    static QString otpauthUri(const QString &email, const QByteArray &secret);
    /// The six dissociation reasons, and whether each retires the card for ever.
    static const QStringList &dissociationReasons();
    static bool retiresCard(const QString &reason);

private:
    /// Card validation and app confirmation: the aidant's unconfirmed device of @p kind checked with
    /// a code under the login rules, then confirmed and journalled.
    QJsonObject confirmPendingDevice(const AuthContext &context, const QString &org, const QString &aidantArg,
        const QJsonObject &body, const QString &kind);
    /// Makes a fresh secret and stores it as the aidant's unconfirmed app, replacing an unconfirmed
    /// one (the aidant's row is locked). Returns the device id; @p secret receives the secret.
    qint64 createPendingApp(
        Repository &repository, const Transaction &tx, qint64 aidantId, qint64 nowMs, QByteArray *secret);
    /// Checks @p code against @p device with the login rules; commits the failure and throws 400
    /// invalid_code when it is wrong.
    void requireDeviceCode(Repository &repository, Transaction &tx, qint64 aidantId,
        const OtpDeviceRecord &device, const QString &code, qint64 nowMs, qint64 loginDeviceId = 0);

    Database &m_database;
    AuthService &m_auth;
};
