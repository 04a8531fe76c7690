#include "Outbox.h"

#include "Clock.h"
#include "Database.h"
#include "HttpClient.h"
#include "Validation.h"

#include <QDateTime>
#include <QHostAddress>
#include <QLocale>
#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <curl/curl.h>
#include <limits>

Q_LOGGING_CATEGORY(lcOutbox, "ac.server.outbox")

// Privacy: recipients, subjects and bodies identify the usager. Log lines name outbox ids, attempt
// counts and curl error codes only.

namespace {
constexpr long kConnectTimeoutMs = 10000;
constexpr long kTotalTimeoutMs = 30000;
constexpr int kBatchSize = 100;
constexpr qint64 kPurgeEveryMs = 3600 * 1000;
/// Bytes of UTF-8 per RFC 2047 word: 39 bytes → 52 base64 characters, 64 with `=?UTF-8?B?` and `?=`,
/// so "Subject: " + a word stays within the 78 characters of RFC 5322.
constexpr int kEncodedWordBytes = 39;

struct CurlDeleter
{
    void operator()(CURL *curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter
{
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};

struct Upload
{
    const QByteArray &data;
    qsizetype offset = 0;
};

size_t readMessage(char *buffer, size_t size, size_t count, void *userData)
{
    auto *upload = static_cast<Upload *>(userData);
    const qsizetype bytes = qMin(qsizetype(size * count), upload->data.size() - upload->offset);
    memcpy(buffer, upload->data.constData() + upload->offset, size_t(bytes));
    upload->offset += bytes;
    return size_t(bytes);
}

bool isAtext(QChar c)
{
    // RFC 5322 atext plus the space between atoms of a phrase.
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
        || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
        || QStringLiteral(" !#$%&'*+-/=?^_`{|}~").contains(c);
}

/// "Display Name <addr>" as a From header value: the name as atoms, a quoted string or RFC 2047 words.
QByteArray formatMailbox(const QString &mailbox)
{
    const QString address = Outbox::addressOf(mailbox);
    const qsizetype open = mailbox.indexOf(QLatin1Char('<'));
    QString name = open > 0 ? mailbox.left(open).trimmed() : QString();
    if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')))
        name = name.mid(1, name.size() - 2);
    const QByteArray angleAddress = '<' + address.toLatin1() + '>';
    if (name.isEmpty())
        return angleAddress;
    if (std::all_of(name.begin(), name.end(), isAtext))
        return name.toLatin1() + ' ' + angleAddress;
    const bool quotable = std::all_of(name.begin(), name.end(), [](QChar c) {
        return c.unicode() >= 0x20 && c.unicode() < 0x7f && c != QLatin1Char('"') && c != QLatin1Char('\\');
    });
    if (quotable)
        return '"' + name.toLatin1() + "\" " + angleAddress;
    return Outbox::encodeHeaderText(name, 6) + ' ' + angleAddress;
}

/// An address we can put in the envelope and the To header as it is: printable ASCII, no specials.
bool isSendableAddress(const QString &address)
{
    return Validation::isValidEmail(address) && std::all_of(address.begin(), address.end(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7f && !QStringLiteral("<>()[]\\,;:\"").contains(c);
    });
}

QByteArray messageIdFor(qint64 id, qint64 createdAtMs, const QString &from)
{
    // Stable across retries: a receiver that got the message twice (crash between the relay's
    // acceptance and our sent_at) can tell it is the same one.
    QString domain = Outbox::addressOf(from).section(QLatin1Char('@'), 1);
    if (domain.isEmpty())
        domain = QStringLiteral("aidants-connect.invalid");
    return "outbox-" + QByteArray::number(id) + '.' + QByteArray::number(createdAtMs) + '@'
        + domain.toLatin1();
}
} // namespace

namespace Outbox {

void enqueue(QSqlDatabase &db, const OutgoingEmail &email, qint64 nowMs)
{
    Sql::write(db,
        QStringLiteral("INSERT INTO email_outbox (recipient, subject, body, created_at, attempts,"
                       " next_attempt_at, claimed_until, last_error) VALUES (?, ?, ?, ?, 0, ?, 0, '')"),
        { email.to.trimmed(), email.subject, email.body, nowMs, nowMs });
}

QString addressOf(const QString &mailbox)
{
    const qsizetype open = mailbox.indexOf(QLatin1Char('<'));
    const qsizetype close = mailbox.indexOf(QLatin1Char('>'), open + 1);
    if (open >= 0 && close > open)
        return mailbox.mid(open + 1, close - open - 1).trimmed();
    return mailbox.trimmed();
}

QByteArray encodeHeaderText(const QString &text, int headerNameLength)
{
    // Control characters (CR and LF above all) never reach a header.
    QString clean;
    clean.reserve(text.size());
    for (const QChar c : text)
        clean += (c.unicode() < 0x20 || c.unicode() == 0x7f) ? QLatin1Char(' ') : c;
    const bool plain = headerNameLength + clean.size() <= 78 && !clean.contains(QLatin1String("=?"))
        && std::all_of(clean.begin(), clean.end(), [](QChar c) { return c.unicode() < 0x7f; });
    if (plain)
        return clean.toLatin1();

    const QByteArray utf8 = clean.toUtf8();
    QByteArray out;
    qsizetype pos = 0;
    while (pos < utf8.size()) {
        qsizetype end = qMin(pos + kEncodedWordBytes, utf8.size());
        // Each word holds whole characters (RFC 2047 §5): never cut a multi-byte UTF-8 sequence.
        while (end < utf8.size() && end > pos + 1 && (uchar(utf8.at(end)) & 0xC0) == 0x80)
            --end;
        if (!out.isEmpty())
            out += "\r\n "; // folding
        out += "=?UTF-8?B?" + utf8.mid(pos, end - pos).toBase64() + "?=";
        pos = end;
    }
    return out;
}

QByteArray buildMessage(
    const OutgoingEmail &email, const QString &from, qint64 createdAtMs, const QByteArray &messageId)
{
    const QDateTime date = QDateTime::fromMSecsSinceEpoch(createdAtMs, Qt::UTC);
    QByteArray m;
    m += "From: " + formatMailbox(from) + "\r\n";
    m += "To: <" + addressOf(email.to).toLatin1() + ">\r\n";
    m += "Subject: " + encodeHeaderText(email.subject, 9) + "\r\n";
    m += "Date: " + QLocale::c().toString(date, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")).toLatin1()
        + " +0000\r\n";
    m += "Message-ID: <" + messageId + ">\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    // RFC 3834: a notice, not a conversation; out-of-office robots should not answer it.
    m += "Auto-Submitted: auto-generated\r\n";
    m += "\r\n";
    // Canonical form of text (RFC 2045): CRLF line breaks, then base64 in lines of 76.
    QString text = email.body;
    text.replace(QLatin1String("\r\n"), QLatin1String("\n")).replace(QLatin1Char('\r'), QLatin1Char('\n'));
    text.replace(QLatin1Char('\n'), QLatin1String("\r\n"));
    const QByteArray encoded = text.toUtf8().toBase64();
    for (qsizetype pos = 0; pos < encoded.size(); pos += 76)
        m += encoded.mid(pos, 76) + "\r\n";
    return m;
}

qint64 retryDelaySeconds(int attempts, const SmtpConfig &config)
{
    const int doublings = qBound(0, attempts - 1, 30);
    return qMin(qint64(config.retryBaseSeconds) << doublings, qint64(config.retryMaxSeconds));
}

Status send(const SmtpConfig &config, const QString &recipient, const QByteArray &message)
{
    HttpClient::globalInit();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl)
        return Error { QStringLiteral("smtp"), QStringLiteral("curl_easy_init failed") };
    CURL *c = curl.get();
    const QByteArray url = config.url.toEncoded();
    const QString host = config.url.host();
    const bool loopback = host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
    const QByteArray mailFrom = '<' + addressOf(config.from).toUtf8() + '>';
    std::unique_ptr<curl_slist, SlistDeleter> recipients(
        curl_slist_append(nullptr, QByteArray('<' + recipient.toUtf8() + '>').constData()));
    const QByteArray username = config.username.toUtf8();
    const QByteArray password = config.password.toUtf8();
    const QByteArray caFile = config.caCertificateFile.toLocal8Bit();
    Upload upload { message };

    curl_easy_setopt(c, CURLOPT_URL, url.constData());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, kTotalTimeoutMs);
    // smtps: TLS from the start; smtp: STARTTLS required, except to a relay on loopback (a local MTA).
    curl_easy_setopt(c, CURLOPT_USE_SSL,
        loopback && config.url.scheme() == QLatin1String("smtp") ? long(CURLUSESSL_NONE)
                                                                 : long(CURLUSESSL_ALL));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!caFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, caFile.constData());
    if (!username.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, username.constData());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mailFrom.constData());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, readMessage);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    // No CURLOPT_ERRORBUFFER: its detailed text may quote the relay's answer, which may name the recipient.
    const CURLcode result = curl_easy_perform(c);
    if (result == CURLE_OK)
        return success();
    long smtpCode = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &smtpCode);
    QString reason
        = QStringLiteral("curl %1: %2").arg(int(result)).arg(QString::fromUtf8(curl_easy_strerror(result)));
    if (smtpCode > 0)
        reason += QStringLiteral(" (SMTP %1)").arg(smtpCode);
    return Error { QStringLiteral("smtp"), reason };
}

} // namespace Outbox

OutboxWorker::OutboxWorker(Database &database, const SmtpConfig &config, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_config(config)
{
    HttpClient::globalInit();
}

OutboxWorker::~OutboxWorker()
{
    stop();
}

void OutboxWorker::start()
{
    if (m_thread)
        return;
    if (!m_config.enabled()) {
        qCWarning(lcOutbox) << "no [smtp] url configured: emails stay in the outbox until one is";
        return;
    }
    m_stopping = false;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("outbox"));
    m_context = new QObject;
    m_context->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::started, m_context, [this] {
        auto *timer = new QTimer(m_context);
        timer->setInterval(m_config.pollIntervalMs);
        connect(timer, &QTimer::timeout, m_context, [this] { poll(); });
        timer->start();
        poll();
    });
    // Runs in the worker thread after its event loop: the timer goes with its parent, the
    // thread's database connection with the thread.
    connect(m_thread.get(), &QThread::finished, m_context, &QObject::deleteLater);
    m_thread->start();
    qCInfo(lcOutbox) << "outbox worker started, polling every" << m_config.pollIntervalMs << "ms";
}

void OutboxWorker::stop()
{
    if (!m_thread)
        return;
    m_stopping = true;
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_context = nullptr;
}

void OutboxWorker::poll()
{
    if (m_stopping)
        return;
    try {
        runOnce();
        if (m_databaseDown.exchange(false))
            qCInfo(lcOutbox) << "the database is back: outbox resumed";
    } catch (const DatabaseUnavailable &e) {
        // Said once, not at every poll: the connection is reopened (with back-off) by a later pass,
        // and the emails wait in the outbox.
        if (!m_databaseDown.exchange(true))
            qCWarning(lcOutbox) << "outbox paused until the database is back:" << e.what();
    } catch (const DatabaseError &e) {
        // Our statements bind their values: the message holds no personal data.
        qCWarning(lcOutbox) << "outbox pass failed:" << e.what();
    }
}

int OutboxWorker::runOnce()
{
    if (!m_config.enabled())
        return 0;
    QSqlDatabase db = m_database.connection();
    recordRemembered(db);
    const qint64 startMs = Clock::instance().nowMs();
    purgeSent(db, startMs);
    int sent = 0;
    for (;;) {
        // Candidates only: each row is claimed on its own right before it is sent, so several
        // workers share a backlog and never send a row twice.
        QList<qint64> ids;
        {
            const qint64 now = Clock::instance().nowMs();
            QSqlQuery query = Sql::exec(db,
                QStringLiteral("SELECT id FROM email_outbox WHERE sent_at IS NULL"
                               " AND next_attempt_at <= ? AND claimed_until < ?"
                               " ORDER BY next_attempt_at, id LIMIT %1")
                    .arg(kBatchSize),
                { now, now });
            while (query.next())
                ids.append(query.value(0).toLongLong());
        }
        int sentNow = 0;
        for (const qint64 id : ids) {
            if (m_stopping)
                return sent + sentNow;
            if (processRow(db, id) == Outcome::Sent)
                ++sentNow;
        }
        sent += sentNow;
        // A full batch with progress: there may be more due now. Otherwise wait for the next poll.
        if (ids.size() < kBatchSize || sentNow == 0)
            break;
    }
    return sent;
}

void OutboxWorker::recordRemembered(QSqlDatabase &db)
{
    QMutexLocker lock(&m_unrecordedMutex);
    while (!m_unrecorded.isEmpty()) {
        const Unrecorded &row = m_unrecorded.constFirst();
        if (row.sentAtMs > 0) {
            // The relay has it: never send it again.
            Sql::write(db,
                QStringLiteral("UPDATE email_outbox SET sent_at = ?, claimed_until = 0, last_error = '',"
                               " recipient = '', subject = '', body = '' WHERE id = ? AND sent_at IS NULL"),
                { row.sentAtMs, row.id });
            qCInfo(lcOutbox) << "outbox email" << row.id << "recorded as sent after the database came back";
        } else {
            // Not sent: give the row back now rather than after the claim's 5 minutes.
            Sql::write(db,
                QStringLiteral("UPDATE email_outbox SET claimed_until = 0 WHERE id = ? AND sent_at IS NULL"
                               " AND claimed_until = ?"),
                { row.id, row.claimedUntil });
        }
        m_unrecorded.removeFirst();
    }
}

OutboxWorker::Outcome OutboxWorker::processRow(QSqlDatabase &db, qint64 id)
{
    const qint64 now = Clock::instance().nowMs();
    const qint64 claimUntil = now + kClaimMs;
    qint64 sentAtMs = 0;
    try {
        // The claim: only one worker's UPDATE matches (PostgreSQL re-checks the WHERE clause after a
        // concurrent update of the row; SQLite serialises writers).
        const int claimed = Sql::write(db,
            QStringLiteral("UPDATE email_outbox SET claimed_until = ? WHERE id = ?"
                           " AND sent_at IS NULL AND next_attempt_at <= ? AND claimed_until < ?"),
            { claimUntil, id, now, now });
        if (claimed != 1)
            return Outcome::NotClaimed;
        return sendClaimed(db, id, &sentAtMs);
    } catch (const DatabaseError &) {
        // The outcome (or even the claim) may not be written: remember it for the next pass, so an
        // email the relay accepted is not sent again once the database is back.
        QMutexLocker lock(&m_unrecordedMutex);
        m_unrecorded.append(Unrecorded { id, claimUntil, sentAtMs });
        throw;
    }
}

OutboxWorker::Outcome OutboxWorker::sendClaimed(QSqlDatabase &db, qint64 id, qint64 *sentAtMs)
{
    OutgoingEmail email;
    qint64 createdAt = 0;
    int attempts = 0;
    {
        QSqlQuery row = Sql::exec(db,
            QStringLiteral(
                "SELECT recipient, subject, body, created_at, attempts FROM email_outbox WHERE id = ?"),
            { id });
        if (!row.next())
            return Outcome::NotClaimed;
        email.to = row.value(0).toString();
        email.subject = row.value(1).toString();
        email.body = row.value(2).toString();
        createdAt = row.value(3).toLongLong();
        attempts = row.value(4).toInt();
    }

    if (!isSendableAddress(email.to)) {
        // Never deliverable: not retried; the personal data goes, the reason stays for the operator.
        Sql::write(db,
            QStringLiteral("UPDATE email_outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                           " claimed_until = 0, last_error = ?, recipient = '', subject = '', body = ''"
                           " WHERE id = ?"),
            { std::numeric_limits<qint64>::max(), QStringLiteral("invalid recipient address"), id });
        qCWarning(lcOutbox) << "outbox email" << id << "has an invalid recipient address: abandoned";
        return Outcome::Failed;
    }

    const QByteArray message
        = Outbox::buildMessage(email, m_config.from, createdAt, messageIdFor(id, createdAt, m_config.from));
    const Status status = Outbox::send(m_config, email.to, message);
    const qint64 after = Clock::instance().nowMs();
    if (status) {
        *sentAtMs = after;
        // Data minimisation: once the relay has the message, we keep only that it was sent.
        Sql::write(db,
            QStringLiteral("UPDATE email_outbox SET sent_at = ?, claimed_until = 0, last_error = '',"
                           " recipient = '', subject = '', body = '' WHERE id = ?"),
            { after, id });
        qCInfo(lcOutbox) << "outbox email" << id << "sent at attempt" << attempts + 1;
        return Outcome::Sent;
    }
    const int failures = attempts + 1;
    const qint64 delay = Outbox::retryDelaySeconds(failures, m_config);
    Sql::write(db,
        QStringLiteral("UPDATE email_outbox SET attempts = ?, next_attempt_at = ?, claimed_until = 0,"
                       " last_error = ? WHERE id = ? AND sent_at IS NULL"),
        { failures, after + delay * 1000, status.error().message, id });
    qCWarning(lcOutbox) << "outbox email" << id << "attempt" << failures
                        << "failed:" << status.error().message << "- next attempt in" << delay << "s";
    return Outcome::Failed;
}

void OutboxWorker::purgeSent(QSqlDatabase &db, qint64 nowMs)
{
    if (!m_purgeGate.pass(nowMs, kPurgeEveryMs))
        return;
    const int purged
        = Sql::write(db, QStringLiteral("DELETE FROM email_outbox WHERE sent_at IS NOT NULL AND sent_at < ?"),
            { nowMs - kPurgeAfterMs });
    if (purged > 0)
        qCInfo(lcOutbox) << "purged" << purged << "sent outbox rows older than 30 days";
}
