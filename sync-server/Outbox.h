#pragma once

#include "IntervalGate.h"
#include "Result.h"
#include "ServerConfig.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <memory>

class Database;
class QThread;

/// An email to send; the outbox stores it until the SMTP relay has accepted it.
struct OutgoingEmail
{
    QString to; ///< the recipient's address (plain addr-spec, e.g. usager@example.org)
    QString subject; ///< any Unicode text; encoded as RFC 2047 UTF-8 words
    QString body; ///< UTF-8 text/plain; line breaks are sent as CRLF
};

/// The transactional email outbox (docs/email.md): emails are written in the business transaction
/// and sent later, exactly once, by an OutboxWorker.
namespace Outbox {
/// Appends @p email inside the caller's open transaction on @p db (no commit here).
void enqueue(QSqlDatabase &db, const OutgoingEmail &email, qint64 nowMs);

/// The RFC 5322 message sent for @p email: From @p from ("Name <addr>" or "addr"), Date @p createdAtMs,
/// Message-ID @p messageId (without <>), UTF-8 subject as RFC 2047 words, base64 body, CRLF line ends.
QByteArray buildMessage(
    const OutgoingEmail &email, const QString &from, qint64 createdAtMs, const QByteArray &messageId);
/// @p text as a header value: plain when short printable ASCII, otherwise folded `=?UTF-8?B?…?=` words.
/// @p headerNameLength: the length of "Name: " before it, to keep the first line within 78 characters.
QByteArray encodeHeaderText(const QString &text, int headerNameLength);
/// The address inside <> of "Name <addr>", or the whole trimmed text.
QString addressOf(const QString &mailbox);
/// Seconds to wait after the @p attempts-th failed attempt: min(base * 2^(attempts-1), max).
qint64 retryDelaySeconds(int attempts, const SmtpConfig &config);

/// Hands @p message to the SMTP relay of @p config for @p recipient (blocking; connect timeout 10 s,
/// total 30 s). Fails with code `smtp` and curl's short error text (no personal data in it).
Status send(const SmtpConfig &config, const QString &recipient, const QByteArray &message);
} // namespace Outbox

/// Sends due outbox emails over SMTP (libcurl); runs on its own thread with its own DB connection.
///
/// Several workers (several server instances on one PostgreSQL) may run together: a worker claims a
/// row with a conditional UPDATE of `claimed_until` before sending it and sets `sent_at` once the
/// relay has accepted it, so every email is sent once.
class OutboxWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutboxWorker)

public:
    OutboxWorker(Database &database, const SmtpConfig &config, QObject *parent = nullptr);
    ~OutboxWorker() override;

    /// Starts the worker thread, which calls runOnce() every config.pollIntervalMs.
    /// Without SMTP configuration it only warns: the emails stay queued.
    void start();
    /// Stops the worker thread and waits for it (and for the email being sent, if any: at most 30 s).
    void stop();
    /// Sends what is due now on the calling thread's connection; returns how many emails were sent.
    int runOnce();

    /// How long a claim protects a row being sent (longer than the 30 s SMTP timeout).
    static constexpr qint64 kClaimMs = 5 * 60 * 1000;
    /// Sent rows (already blanked) are deleted after this.
    static constexpr qint64 kPurgeAfterMs = qint64(30) * 24 * 3600 * 1000;

private:
    enum class Outcome { Sent, Failed, NotClaimed };
    /// A row this worker claimed whose outcome it could not write (the database went away).
    struct Unrecorded
    {
        qint64 id = 0;
        qint64 claimedUntil = 0; ///< our claim's value: only our own claim is released
        qint64 sentAtMs = 0; ///< when the relay accepted it; 0: not sent
    };
    void poll();
    /// Writes the outcomes remembered in m_unrecorded (throws DatabaseError while it cannot).
    void recordRemembered(QSqlDatabase &db);
    Outcome processRow(QSqlDatabase &db, qint64 id);
    Outcome sendClaimed(QSqlDatabase &db, qint64 id, qint64 *sentAtMs);
    void purgeSent(QSqlDatabase &db, qint64 nowMs);

    Database &m_database;
    SmtpConfig m_config;
    std::unique_ptr<QThread> m_thread;
    QObject *m_context = nullptr; ///< lives in m_thread, parent of its timer
    std::atomic<bool> m_stopping { false };
    IntervalGate m_purgeGate;
    std::atomic<bool> m_databaseDown { false }; ///< the last pass found the database unavailable
    QMutex m_unrecordedMutex;
    QList<Unrecorded> m_unrecorded;
};
