#include "SmtpSink.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>

namespace {
QString python()
{
    // The system's interpreter: python3-aiosmtpd is a Debian package (a pyenv python3 first on
    // PATH would not see it).
    const QString fromEnvironment = qEnvironmentVariable("AC_PYTHON");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QFileInfo::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                                 : QStringLiteral("python3");
}

QByteArray decodeQ(QByteArray text)
{
    text.replace('_', ' ');
    return QByteArray::fromPercentEncoding(text, '=');
}
} // namespace

SmtpSink::SmtpSink() = default;

SmtpSink::~SmtpSink()
{
    stop();
}

bool SmtpSink::start()
{
    if (isRunning())
        return true;
    if (!m_dir.isValid())
        return false;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setStandardErrorFile(m_dir.filePath(QStringLiteral("sink.log")), QIODevice::Append);
    m_process->start(python(),
        { QStringLiteral(AC_SMTP_SINK_SCRIPT), QStringLiteral("--port"), QString::number(m_port),
            QStringLiteral("--dir"), m_dir.filePath(QStringLiteral("messages")) });
    if (!m_process->waitForStarted(10000)) {
        qWarning("SmtpSink: cannot start %s", qPrintable(python()));
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    // The port may still be held for a moment after a stop: a few tries on the same port.
    while (timer.elapsed() < 20000) {
        m_process->waitForReadyRead(200);
        out += m_process->readAllStandardOutput();
        const QRegularExpressionMatch match
            = QRegularExpression(QStringLiteral("listening on (\\d+)\\n")).match(QString::fromLatin1(out));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            return true;
        }
        if (m_process->state() == QProcess::NotRunning) {
            qWarning("SmtpSink: smtp-sink.py exited (log: %s)",
                qPrintable(m_dir.filePath(QStringLiteral("sink.log"))));
            return false;
        }
    }
    qWarning("SmtpSink: smtp-sink.py did not start in time");
    stop();
    return false;
}

void SmtpSink::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

bool SmtpSink::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QUrl SmtpSink::url() const
{
    return QUrl(QStringLiteral("smtp://127.0.0.1:%1").arg(m_port));
}

int SmtpSink::count() const
{
    return int(QDir(m_dir.filePath(QStringLiteral("messages")))
                   .entryList({ QStringLiteral("*.eml") }, QDir::Files)
                   .size());
}

QList<SmtpSink::Message> SmtpSink::messages() const
{
    QList<Message> result;
    const QDir dir(m_dir.filePath(QStringLiteral("messages")));
    for (const QString &name : dir.entryList({ QStringLiteral("*.eml") }, QDir::Files, QDir::Name)) {
        QFile eml(dir.filePath(name));
        if (!eml.open(QIODevice::ReadOnly))
            continue;
        Message message = parse(eml.readAll());
        QFile envelope(dir.filePath(name.chopped(4) + QStringLiteral(".json")));
        if (envelope.open(QIODevice::ReadOnly)) {
            const QJsonObject json = QJsonDocument::fromJson(envelope.readAll()).object();
            message.mailFrom = json.value(QStringLiteral("mail_from")).toString();
            for (const auto &rcpt : json.value(QStringLiteral("rcpt_tos")).toArray())
                message.rcptTos.append(rcpt.toString());
        }
        result.append(message);
    }
    return result;
}

SmtpSink::Message SmtpSink::parse(const QByteArray &raw)
{
    Message message;
    message.raw = raw;
    qsizetype split = raw.indexOf("\r\n\r\n");
    qsizetype separator = 4;
    if (split < 0) {
        split = raw.indexOf("\n\n");
        separator = 2;
    }
    const QByteArray head = split < 0 ? raw : raw.left(split);
    const QByteArray bodyBytes = split < 0 ? QByteArray() : raw.mid(split + separator);

    QByteArray unfolded = head;
    unfolded.replace("\r\n", "\n");
    unfolded.replace("\n ", " ").replace("\n\t", " ");
    for (const QByteArray &line : unfolded.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        message.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    message.subject = decodeHeader(message.header("subject"));
    message.from = decodeHeader(message.header("from"));
    message.to = decodeHeader(message.header("to"));

    QByteArray decoded = bodyBytes;
    const QByteArray encoding = message.header("content-transfer-encoding").toLower();
    if (encoding == "base64") {
        QByteArray compact = bodyBytes;
        compact.replace("\r", "").replace("\n", "").replace(" ", "");
        decoded = QByteArray::fromBase64(compact);
    } else if (encoding == "quoted-printable") {
        QByteArray text = bodyBytes;
        text.replace("=\r\n", "").replace("=\n", "");
        decoded = QByteArray::fromPercentEncoding(text, '=');
    }
    message.body = QString::fromUtf8(decoded).replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return message;
}

QString SmtpSink::decodeHeader(const QByteArray &value)
{
    static const QRegularExpression word(QStringLiteral("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?="));
    const QString text = QString::fromLatin1(value);
    QString result;
    qsizetype pos = 0;
    bool previousWasWord = false;
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString between = text.mid(pos, match.capturedStart() - pos);
        // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
        if (!(previousWasWord && between.trimmed().isEmpty()))
            result += between;
        const QByteArray payload = match.captured(3).toLatin1();
        const QByteArray bytes = match.captured(2).compare(QLatin1String("B"), Qt::CaseInsensitive) == 0
            ? QByteArray::fromBase64(payload)
            : decodeQ(payload);
        QStringDecoder decoder(match.captured(1).toLatin1().constData());
        result += decoder.isValid() ? QString(decoder.decode(bytes)) : QString::fromUtf8(bytes);
        pos = match.capturedEnd();
        previousWasWord = true;
    }
    result += text.mid(pos);
    return result;
}
