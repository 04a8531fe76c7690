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
    bool sealBroken = false; ///< the sealed seed did not decrypt (logged): state.secret is empty
    bool retired = false; ///< a card dissociated as lost, broken or faulty: never associable again
};

/// The latest emailed code of a référent's first login (docs/referent.md).
struct FirstLoginCode
{
    qint64 id = 0;
    QString codeHash; ///< SHA-256 hex
    qint64 expiresAtMs = 0;
    int attempts = 0; ///< wrong attempts so far
    bool used = false;
};

/// A first-login enrolment: names the pending app it confirms.
struct Enrolment
{
    qint64 id = 0;
    qint64 aidantId = 0;
    qint64 deviceId = 0;
    qint64 expiresAtMs = 0;
    bool used = false;
};

/// An OTP seed as stored: clear hex (before the first start with a key) or sealed.
struct SeedRow
{
    qint64 id = 0;
    QString clearHex;
    QString sealed;
};

/// A familiar device: a workstation or browser holding a device token of the aidant.
struct LoginDeviceRecord
{
    qint64 id = 0;
    qint64 aidantId = 0;
    BudgetState budget;
};

/// The brute-force state of an account, locked for the attempt.
struct LoginGuard
{
    BudgetState unknown; ///< unknown clients' budget, with their failures of the last 24 h
    qint64 lastAlertAtMs = 0;
};

struct SessionRecord
{
    qint64 id = 0;
    qint64 aidantId = 0;
    qint64 createdAtMs = 0;
    qint64 lastActivityAtMs = 0;
    qint64 expiresAtMs = 0;
    qint64 loginDeviceId = 0; ///< the familiar device the session was opened from (0: none)
};

/// The storage layer: every SQL statement of the server's domain lives here, written once for
/// SQLite and PostgreSQL. Methods throw DatabaseError; callers own the transactions.
class Repository
{
public:
    explicit Repository(QSqlDatabase db);
    QSqlDatabase &connection() { return m_db; }

    // Organisations
    qint64 createOrganisation(const OrganisationInfo &organisation, qint64 nowMs);
    std::optional<OrganisationInfo> organisation(qint64 id);
    QList<OrganisationInfo> organisations(const QList<qint64> &ids);

    // Aidants
    /// Returns 0 when the email is taken (case-insensitively).
    qint64 createAidant(const AidantInfo &aidant, qint64 nowMs);
    std::optional<AidantRecord> aidantByEmail(const QString &email);
    /// Whether a read fills AidantInfo::organisationIds and referentOf (one more statement).
    enum class Memberships { Read, Skipped };
    std::optional<AidantRecord> aidant(qint64 id, Memberships memberships = Memberships::Read);
    void setAcceptedCgu(qint64 aidantId, const QString &version);
    void setCurrentOrganisation(qint64 aidantId, qint64 organisationId);
    void setLastLogin(qint64 aidantId, qint64 nowMs);
    /// The aidant's last successful login (0: never).
    qint64 lastLogin(qint64 aidantId);

    // Espace référent: organisations, memberships, roles (docs/referent.md)
    /// Locks the organisations' rows inside @p tx, in ascending id order (no deadlock): the
    /// actions that change an organisation's members or référents are serialised per organisation.
    void lockOrganisations(const Transaction &tx, QList<qint64> organisationIds);
    void setAllowedDemarches(qint64 organisationId, const QStringList &codes);
    /// The active members of the organisation.
    int activeAidantCount(qint64 organisationId);
    /// The organisation's members, active or not, by last name, first name and id.
    QList<qint64> memberIds(qint64 organisationId);
    /// The organisation's référents who are active.
    int activeReferentCount(qint64 organisationId);
    void addMembership(qint64 aidantId, qint64 organisationId);
    /// Removes the membership and the référent role there.
    void removeMembership(qint64 aidantId, qint64 organisationId);
    void setReferent(qint64 aidantId, qint64 organisationId, bool referent);
    void setAidantActive(qint64 aidantId, bool active);
    /// Ends every session of the aidant at once.
    void deleteSessionsOf(qint64 aidantId);

    // OTP devices
    /// The confirmed devices of an aidant, locked for update inside @p tx.
    QList<OtpDeviceRecord> confirmedDevicesForUpdate(const Transaction &tx, qint64 aidantId);
    void saveDeviceState(qint64 deviceId, const OtpDeviceState &state);
    std::optional<OtpDeviceRecord> cardBySerial(const QString &serial);
    /// Inserts a card, or replaces the seed of an existing one (its verification state is reset).
    /// Returns true when the card is new.
    bool upsertCard(const QString &serial, const QByteArray &seed, qint64 nowMs);
    void associateCard(qint64 deviceId, qint64 aidantId, bool confirmed);
    /// The aidant's devices as the référent sees them (no secret), cards first.
    QList<OtpDeviceSummary> deviceSummaries(qint64 aidantId);
    /// Locks the aidant's row inside @p tx: taken before any of the aidant's device rows.
    void lockAidant(const Transaction &tx, qint64 aidantId);
    /// A card that is not retired, by serial, locked.
    std::optional<OtpDeviceRecord> unretiredCardForUpdate(const Transaction &tx, const QString &serial);
    /// The aidant's card or app (@p kind), confirmed or not, locked.
    std::optional<OtpDeviceRecord> aidantDeviceForUpdate(
        const Transaction &tx, qint64 aidantId, const QString &kind);
    void confirmDevice(qint64 deviceId);
    /// Detaches a card from its aidant (unconfirmed; replay state kept); @p retire: for ever.
    void dissociateCard(qint64 deviceId, bool retire, qint64 nowMs);
    /// Inserts an unconfirmed phone app (30 s step) of the aidant with @p secret sealed.
    qint64 createApp(qint64 aidantId, const QByteArray &secret, qint64 nowMs);
    /// Deletes a device and the enrolments naming it.
    void deleteDevice(qint64 deviceId);
    /// Whether the aidant has a confirmed device of any kind.
    bool hasConfirmedDevice(qint64 aidantId);
    // First login of a référent without a device
    void createFirstLoginCode(qint64 aidantId, const QString &codeHash, qint64 nowMs, qint64 expiresAtMs);
    /// How many codes were sent to the aidant since @p sinceMs, and when the latest was (0: none).
    int firstLoginCodesSince(qint64 aidantId, qint64 sinceMs, qint64 *latestAtMs);
    /// The aidant's latest code, locked.
    std::optional<FirstLoginCode> latestFirstLoginCodeForUpdate(const Transaction &tx, qint64 aidantId);
    void setFirstLoginCodeAttempts(qint64 id, int attempts);
    void useFirstLoginCode(qint64 id, qint64 nowMs);
    void createEnrolment(
        const QString &tokenHash, qint64 aidantId, qint64 deviceId, qint64 nowMs, qint64 expiresAtMs);
    /// Read under the aidant's row lock, which every writer of the aidant's enrolments holds.
    std::optional<Enrolment> enrolment(const QString &tokenHash);
    void useEnrolment(qint64 id, qint64 nowMs);
    /// The OTP seed rows (only those still in clear with @p clearOnly), locked (start-up
    /// encryption, key rotation).
    QList<SeedRow> seedRowsForUpdate(const Transaction &tx, bool clearOnly = false);
    /// Stores a sealed seed and empties the clear column.
    void setSealedSeed(qint64 deviceId, const QString &sealed);
    std::optional<QString> seedKeyCheck();
    void setSeedKeyCheck(const QString &keyId, const QString &checkValue);

    // Attempt budgets (docs/security.md)
    /// Locks the aidant's row (as lockAidant) and reads the unknown clients' budget and the last
    /// alert; their failures of the last 24 h are read by recentUnknownFailures, only when needed.
    LoginGuard loginGuardForUpdate(const Transaction &tx, qint64 aidantId);
    /// The unknown clients' failures of the last 24 h on the aidant's account.
    QList<qint64> recentUnknownFailures(qint64 aidantId, qint64 nowMs);
    void saveUnknownBudget(qint64 aidantId, const BudgetState &state);
    /// Logs a failure of the familiar device @p deviceId (0: an unknown client's), and forgets the
    /// aidant's failures older than 24 h.
    void recordFailure(qint64 aidantId, qint64 deviceId, qint64 nowMs);
    /// The familiar device's failures of the last 24 h.
    QList<qint64> recentDeviceFailures(qint64 deviceId, qint64 nowMs);
    void setFailureAlertAt(qint64 aidantId, qint64 nowMs);
    QStringList referentEmails(qint64 organisationId);
    std::optional<LoginDeviceRecord> loginDeviceByTokenHash(const QString &tokenHash);
    std::optional<LoginDeviceRecord> loginDevice(qint64 id);
    qint64 createLoginDevice(qint64 aidantId, const QString &tokenHash, qint64 nowMs);
    void saveLoginDevice(qint64 id, const BudgetState &state, qint64 lastUsedAtMs);
    /// Forgets the aidant's devices unused since @p unusedSinceMs (and not holding a session).
    void deleteStaleLoginDevices(qint64 aidantId, qint64 unusedSinceMs);

    // Sessions
    void createSession(const QString &tokenHash, qint64 aidantId, qint64 nowMs, qint64 expiresAtMs,
        qint64 loginDeviceId = 0);
    std::optional<SessionRecord> sessionByTokenHash(const QString &tokenHash);
    void touchSession(qint64 sessionId, qint64 nowMs);
    void deleteSession(qint64 sessionId);
    void deleteExpiredSessions(qint64 nowMs);

private:
    static AidantRecord aidantFromQuery(const QSqlQuery &query);
    static OtpDeviceRecord deviceFromQuery(const QSqlQuery &query);
    /// Fills the record's organisations and référent organisations (one statement).
    std::optional<AidantRecord> withMemberships(std::optional<AidantRecord> record);
    QList<qint64> ids(const QString &sql, qint64 id);

    QSqlDatabase m_db;
};
