#pragma once

#include "Database.h"
#include "OtpVerifier.h"
#include "WireTypes.h"

#include <optional>

struct AidantRecord
{
    AidantInfo info;
    bool active = true;
};

struct OtpDeviceRecord
{
    qint64 id = 0;
    QString kind; ///< "card" or "app"
    QString serial;
    qint64 aidantId = 0;
    bool confirmed = false;
    OtpDeviceState state;
};

struct SessionRecord
{
    qint64 id = 0;
    qint64 aidantId = 0;
    qint64 createdAtMs = 0;
    qint64 lastActivityAtMs = 0;
    qint64 expiresAtMs = 0;
};

/// The storage layer: every SQL statement of the server's domain lives here, written once for
/// SQLite and PostgreSQL. Methods throw DatabaseError; callers own the transactions.
class Repository
{
public:
    explicit Repository(QSqlDatabase db);

    // Organisations
    qint64 createOrganisation(const OrganisationInfo &organisation, qint64 nowMs);
    std::optional<OrganisationInfo> organisation(qint64 id);
    QList<OrganisationInfo> organisations(const QList<qint64> &ids);

    // Aidants
    /// Returns 0 when the email is taken (case-insensitively).
    qint64 createAidant(const AidantInfo &aidant, qint64 nowMs);
    std::optional<AidantRecord> aidantByEmail(const QString &email);
    std::optional<AidantRecord> aidant(qint64 id);
    void setAcceptedCgu(qint64 aidantId, const QString &version);
    void setCurrentOrganisation(qint64 aidantId, qint64 organisationId);

    // OTP devices
    /// The confirmed devices of an aidant, locked for update inside @p tx.
    QList<OtpDeviceRecord> confirmedDevicesForUpdate(const Transaction &tx, qint64 aidantId);
    void saveDeviceState(qint64 deviceId, const OtpDeviceState &state);
    std::optional<OtpDeviceRecord> cardBySerial(const QString &serial);
    /// Inserts a card, or replaces the seed of an existing one (its verification state is reset).
    /// Returns true when the card is new.
    bool upsertCard(const QString &serial, const QByteArray &seed, qint64 nowMs);
    void associateCard(qint64 deviceId, qint64 aidantId, bool confirmed);

    // Sessions
    void createSession(const QString &tokenHash, qint64 aidantId, qint64 nowMs, qint64 expiresAtMs);
    std::optional<SessionRecord> sessionByTokenHash(const QString &tokenHash);
    void touchSession(qint64 sessionId, qint64 nowMs);
    void deleteSession(qint64 sessionId);
    void deleteExpiredSessions(qint64 nowMs);

private:
    AidantRecord aidantFromQuery(const QSqlQuery &query);
    OtpDeviceRecord deviceFromQuery(const QSqlQuery &query);
    QList<qint64> ids(const QString &sql, qint64 id);

    QSqlDatabase m_db;
};
