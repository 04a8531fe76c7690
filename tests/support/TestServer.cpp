#include "TestServer.h"

#include "Totp.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>
#include <QUuid>

namespace {
QString serverBinary()
{
    return qEnvironmentVariable("AC_SERVER_BINARY");
}

QByteArray randomSeed()
{
    QByteArray seed(20, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(seed.data()), seed.size() / 4);
    return seed;
}

int runProcess(const QString &program, const QStringList &arguments, QString *output, const QByteArray &input = {})
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        if (output)
            *output = QStringLiteral("cannot start %1").arg(program);
        return -1;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    const int exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    // Standard output only on success (ids are parsed from it); both channels on failure.
    if (output) {
        *output = QString::fromUtf8(process.readAllStandardOutput());
        if (exitCode != 0)
            *output += QString::fromUtf8(process.readAllStandardError());
    }
    return exitCode;
}
} // namespace

TestServer::TestServer()
    : TestServer(Options())
{
}

TestServer::TestServer(const Options &options)
    : m_options(options)
{
}

TestServer::~TestServer()
{
    stop();
    if (!m_databaseName.isEmpty()) {
        runProcess(QStringLiteral("psql"),
                   { m_postgresAdminUrl, QStringLiteral("-q"), QStringLiteral("-c"),
                     QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_databaseName) },
                   nullptr);
    }
}

TestServer::Backend TestServer::backendFromEnvironment()
{
    return qEnvironmentVariable("AC_TEST_BACKEND") == QLatin1String("postgresql") ? Backend::PostgreSql
                                                                                 : Backend::Sqlite;
}

QString TestServer::configPath() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("server.conf")) : QString();
}

bool TestServer::createDatabase()
{
    if (m_options.backend == Backend::Sqlite)
        return true;
    QFile urlFile(qEnvironmentVariable("AC_TEST_PG_URL_FILE"));
    if (!urlFile.open(QIODevice::ReadOnly)) {
        qWarning("TestServer: the PostgreSQL test server is not running (AC_TEST_PG_URL_FILE=%s)",
                 qPrintable(urlFile.fileName()));
        return false;
    }
    m_postgresAdminUrl = QString::fromUtf8(urlFile.readAll()).trimmed();
    const QString name = QStringLiteral("ac_test_")
        + QUuid::createUuid().toString(QUuid::Id128).left(16);
    QString output;
    if (runProcess(QStringLiteral("psql"),
                   { m_postgresAdminUrl, QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                     QStringLiteral("-c"), QStringLiteral("CREATE DATABASE %1").arg(name) },
                   &output)
        != 0) {
        qWarning("TestServer: cannot create the database: %s", qPrintable(output));
        return false;
    }
    m_databaseName = name;
    QString url = m_postgresAdminUrl;
    url.replace(QRegularExpression(QStringLiteral("/[^/]*$")), QLatin1Char('/') + name);
    m_postgresUrl = url;
    return true;
}

bool TestServer::start()
{
    if (serverBinary().isEmpty()) {
        qWarning("TestServer: AC_SERVER_BINARY is not set");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid() || !createDatabase())
        return false;
    QFile config(configPath());
    if (!config.open(QIODevice::WriteOnly))
        return false;
    QString database = m_options.backend == Backend::Sqlite
        ? QStringLiteral("driver=sqlite\nsqlite_path=server.sqlite3\n")
        : QStringLiteral("driver=postgresql\npostgresql_url=%1\n").arg(m_postgresUrl);
    config.write(QStringLiteral("[http]\naddress=127.0.0.1\nport=0\n\n[database]\n%1\n[sessions]\n"
                                "idle_timeout_seconds=%2\n\n[service]\ncgu_version=%3\n")
                     .arg(database)
                     .arg(m_options.idleTimeoutSeconds)
                     .arg(m_options.cguVersion)
                     .toUtf8());
    config.close();
    if (!loadFixture())
        return false;

    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
    m_process.start(serverBinary(), { QStringLiteral("serve"), QStringLiteral("--config"), configPath() });
    if (!m_process.waitForStarted(10000))
        return false;
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    while (timer.elapsed() < 20000) {
        m_process.waitForReadyRead(200);
        out += m_process.readAllStandardOutput();
        const int at = out.indexOf("listening on ");
        if (at >= 0 && out.indexOf('\n', at) > at) {
            const QByteArray line = out.mid(at + 13, out.indexOf('\n', at) - at - 13).trimmed();
            m_baseUrl = QUrl(QString::fromLatin1(line));
            return true;
        }
        if (m_process.state() != QProcess::Running) {
            qWarning("TestServer: the server exited: %s", m_process.readAllStandardError().constData());
            return false;
        }
    }
    qWarning("TestServer: the server did not start in time");
    return false;
}

void TestServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool TestServer::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

TestServer::Account TestServer::addAccount(const QString &email, const QString &first, const QString &last,
                                           const QString &serial, bool referent, qint64 organisationId,
                                           QByteArray *csv)
{
    Account account;
    QStringList arguments { QStringLiteral("add-aidant"),
                            QStringLiteral("--email"),
                            email,
                            QStringLiteral("--first-name"),
                            first,
                            QStringLiteral("--last-name"),
                            last,
                            QStringLiteral("--profession"),
                            QStringLiteral("Médiatrice numérique"),
                            QStringLiteral("--organisation"),
                            QString::number(organisationId) };
    if (referent)
        arguments << QStringLiteral("--referent");
    QString output;
    if (runAdmin(arguments, &output) != 0) {
        qWarning("TestServer: add-aidant failed: %s", qPrintable(output));
        return account;
    }
    account.id = output.trimmed().toLongLong();
    account.email = email;
    account.firstName = first;
    account.lastName = last;
    account.secret = randomSeed();
    account.stepSeconds = Totp::kCardStepSeconds;
    csv->append(serial.toLatin1() + ',' + account.secret.toHex() + '\n');
    return account;
}

bool TestServer::loadFixture()
{
    QString output;
    if (runAdmin({ QStringLiteral("create-organisation"), QStringLiteral("--name"), organisationName(),
                   QStringLiteral("--type"), QStringLiteral("France Services"), QStringLiteral("--siret"),
                   QStringLiteral("12345678900011"), QStringLiteral("--address"), QStringLiteral("3 rue des Lilas"),
                   QStringLiteral("--postcode"), QStringLiteral("69003"), QStringLiteral("--city"),
                   QStringLiteral("Lyon") },
                 &output)
        != 0) {
        qWarning("TestServer: create-organisation failed: %s", qPrintable(output));
        return false;
    }
    const qint64 organisationId = output.trimmed().toLongLong();
    QByteArray csv("serial_number,seed\n");
    m_aidant = addAccount(QStringLiteral("Camille.Aidante@test.example"), QStringLiteral("Camille"),
                          QStringLiteral("Dupont"), QStringLiteral("GADT00000101"), false, organisationId, &csv);
    m_referent = addAccount(QStringLiteral("pascal.referent@test.example"), QStringLiteral("Pascal"),
                            QStringLiteral("Martin"), QStringLiteral("GADT00000102"), true, organisationId, &csv);
    if (m_aidant.id == 0 || m_referent.id == 0)
        return false;
    const QString csvPath = m_dir->filePath(QStringLiteral("cards.csv"));
    QFile file(csvPath);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(csv);
    file.close();
    if (runAdmin({ QStringLiteral("import-cards"), csvPath }, &output) != 0) {
        qWarning("TestServer: import-cards failed: %s", qPrintable(output));
        return false;
    }
    for (const auto &[account, serial] : { std::pair { m_aidant, QStringLiteral("GADT00000101") },
                                           std::pair { m_referent, QStringLiteral("GADT00000102") } }) {
        if (runAdmin({ QStringLiteral("associate-card"), QStringLiteral("--serial"), serial,
                       QStringLiteral("--email"), account.email },
                     &output)
            != 0) {
            qWarning("TestServer: associate-card failed: %s", qPrintable(output));
            return false;
        }
    }
    return true;
}

QString TestServer::codeFor(const Account &account, qint64 unixSeconds)
{
    return Totp::totp(account.secret, unixSeconds, account.stepSeconds);
}

QString TestServer::nextCode(const Account &account)
{
    // The server accepts the current step and the next one (tolerance 1) and refuses replays.
    for (;;) {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const qint64 current = Totp::timeStep(now, account.stepSeconds);
        const qint64 last = m_lastStep.value(account.email, -1);
        const qint64 step = qMax(current, last + 1);
        if (step <= current + 1) {
            m_lastStep.insert(account.email, step);
            return Totp::hotp(account.secret, quint64(step));
        }
        QThread::msleep(500);
        QCoreApplication::processEvents();
    }
}

int TestServer::runAdmin(const QStringList &arguments, QString *output)
{
    QStringList args = arguments;
    args.insert(1, QStringLiteral("--config"));
    args.insert(2, configPath());
    return runProcess(serverBinary(), args, output);
}

int TestServer::runSqlBehindServer(const QString &sql, QString *output)
{
    if (m_options.backend == Backend::Sqlite) {
        return runProcess(QStringLiteral("sqlite3"),
                          { QStringLiteral("-bail"), m_dir->filePath(QStringLiteral("server.sqlite3")) }, output,
                          sql.toUtf8() + '\n');
    }
    return runProcess(QStringLiteral("psql"),
                      { m_postgresUrl, QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("-A"),
                        QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1") },
                      output, sql.toUtf8() + '\n');
}

TestServer::HttpResult TestServer::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                           const QString &token)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(m_baseUrl.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + token.toLatin1());
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    reply->deleteLater();
    return result;
}

TestServer::HttpResult TestServer::postJson(const QString &path, const QJsonObject &json, const QString &token)
{
    return request(QByteArrayLiteral("POST"), path, QJsonDocument(json).toJson(QJsonDocument::Compact), token);
}
