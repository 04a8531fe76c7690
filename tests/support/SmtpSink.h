#pragma once

#include <QByteArray>
#include <QList>
#include <QMultiMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

/// A real SMTP server on loopback for tests (tests/support/smtp-sink.py, Debian's python3-aiosmtpd)
/// that keeps every message it accepts; stopped and started again, it listens on the same port.
class SmtpSink
{
public:
    /// A received message, parsed for assertions.
    struct Message
    {
        QByteArray raw; ///< the bytes as received
        QString mailFrom; ///< envelope MAIL FROM
        QStringList rcptTos; ///< envelope RCPT TO
        QMultiMap<QByteArray, QByteArray> headers; ///< lower-case name → unfolded raw value
        QString subject; ///< decoded (RFC 2047)
        QString from; ///< decoded From header
        QString to; ///< decoded To header
        QString body; ///< decoded per Content-Transfer-Encoding, as UTF-8, with \n line breaks

        QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    };

    SmtpSink();
    ~SmtpSink();
    Q_DISABLE_COPY_MOVE(SmtpSink)

    /// Starts the server: on a free port the first time, on the same port afterwards.
    bool start();
    void stop();
    bool isRunning() const;
    quint16 port() const { return m_port; }
    /// smtp://127.0.0.1:PORT
    QUrl url() const;

    /// Every message received so far (also before a restart), oldest first.
    QList<Message> messages() const;
    int count() const;

    static Message parse(const QByteArray &raw);
    /// Decodes RFC 2047 encoded words (B and Q, UTF-8 or Latin-1) in an unfolded header value.
    static QString decodeHeader(const QByteArray &value);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};
