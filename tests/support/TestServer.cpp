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
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
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

int runProcess(
    const QString &program, const QStringList &arguments, QString *output, const QByteArray &input = {})
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

QString TestServer::seedKeyPath() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("seed.key")) : QString();
}

bool TestServer::writeSeedKey(const QString &path)
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(key.data()), key.size() / 4);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(key.toBase64() + '\n');
    return true;
}

QString TestServer::caCertificatePath() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("cert.pem")) : QString();
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
    const QString name = QStringLiteral("ac_test_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    QString output;
    if (runProcess(QStringLiteral("psql"),
            { m_postgresAdminUrl, QStringLiteral("-q"), QStringLiteral("-v"),
                QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-c"),
                QStringLiteral("CREATE DATABASE %1").arg(name) },
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
    QString tls;
    if (m_options.tls) {
        QString output;
        if (runProcess(QStringLiteral("openssl"),
                { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                    QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
                    m_dir->filePath(QStringLiteral("key.pem")), QStringLiteral("-out"), caCertificatePath() },
                &output)
            != 0) {
            qWarning("TestServer: openssl failed: %s", qPrintable(output));
            return false;
        }
        tls = QStringLiteral("tls_certificate=cert.pem\ntls_private_key=key.pem\n");
    }
    // With FranceConnect, the server's port must be known before it starts: FranceConnect only
    // accepts the exact redirect URIs registered for the client.
    quint16 port = 0;
    QString franceConnect;
    if (m_options.franceConnect) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return false;
        port = probe.serverPort();
        probe.close();
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
        FranceConnectSim::Client client { QStringLiteral("aidants-connect-test"),
            QUuid::createUuid().toString(QUuid::Id128), { QUrl(base + QStringLiteral("/fc/callback")) },
            { QUrl(base + QStringLiteral("/fc/logout-callback")) } };
        m_franceConnect = std::make_unique<FranceConnectSim>();
        FranceConnectSim::AidantsConnect idp { QUrl(base), idpClientId(), {}, m_options.identityProvider };
        m_idpSecret = QUuid::createUuid().toString(QUuid::Id128) + QUuid::createUuid().toString(QUuid::Id128);
        idp.clientSecret = m_idpSecret;
        if (!m_franceConnect->start(
                { client }, m_dir->path(), m_options.identityProvider.isEmpty() ? nullptr : &idp))
            return false;
        franceConnect = QStringLiteral("\n[franceconnect]\nbase_url=%1\nclient_id=%2\nclient_secret=%3\n")
                            .arg(m_franceConnect->issuer().toString(), client.id, client.secret);
        if (!m_options.identityProvider.isEmpty()) {
            QString output;
            if (runProcess(QStringLiteral("openssl"),
                    { QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                        QStringLiteral("-out"), m_dir->filePath(QStringLiteral("idp-key.pem")) },
                    &output)
                != 0) {
                qWarning("TestServer: openssl genpkey failed: %s", qPrintable(output));
                return false;
            }
            franceConnect
                += QStringLiteral("\n[identity_provider]\nclient_id=%1\nclient_secret=%2\nredirect_uris=%3\n"
                                  "post_logout_redirect_uris=%4\nid_token_alg=%5\nsigning_key=idp-key.pem\n")
                       .arg(idpClientId(), m_idpSecret, m_franceConnect->aidantsConnectCallback().toString(),
                           m_franceConnect->aidantsConnectLogoutCallback().toString(),
                           m_options.identityProvider);
        }
    }
    // Every test server encrypts its OTP seeds with its own key (docs/security.md).
    if (!writeSeedKey(seedKeyPath()))
        return false;
    QFile config(configPath());
    if (!config.open(QIODevice::WriteOnly))
        return false;
    QString database = m_options.backend == Backend::Sqlite
        ? QStringLiteral("driver=sqlite\nsqlite_path=server.sqlite3\n")
        : QStringLiteral("driver=postgresql\npostgresql_url=%1\n").arg(m_postgresUrl);
    config.write(
        QStringLiteral("[http]\naddress=127.0.0.1\nport=%6\n%4\n[database]\n%1\n[sessions]\n"
                       "idle_timeout_seconds=%2\nabsolute_timeout_seconds=%5\n\n[service]\ncgu_version=%3\n"
                       "sub_salt=%7\n%8\n[security]\nseed_key_file=seed.key\n")
            .arg(database)
            .arg(m_options.idleTimeoutSeconds)
            .arg(m_options.cguVersion)
            .arg(tls + m_options.httpConfig + QLatin1Char('\n'))
            .arg(m_options.absoluteTimeoutSeconds)
            .arg(port)
            .arg(QUuid::createUuid().toString(QUuid::Id128), franceConnect)
            .toUtf8());
    config.write(QByteArrayLiteral("\n") + m_options.extraConfig.toUtf8() + QByteArrayLiteral("\n"));
    config.close();
    if (m_options.beforeMigrations && !m_options.beforeMigrations(*this))
        return false;
    if (!loadFixture())
        return false;

    m_baseUrl = startServe(m_process, configPath());
    return m_baseUrl.isValid();
}

QUrl TestServer::startServe(QProcess &process, const QString &configPath)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    // Keep the server's log in a file: an unread pipe would fill up and block the server.
    process.setStandardErrorFile(configPath + QStringLiteral(".%1.log").arg(quintptr(&process), 0, 16));
    process.start(serverBinary(), { QStringLiteral("serve"), QStringLiteral("--config"), configPath });
    if (!process.waitForStarted(10000))
        return {};
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    while (timer.elapsed() < 20000) {
        process.waitForReadyRead(200);
        out += process.readAllStandardOutput();
        const int at = out.indexOf("listening on ");
        if (at >= 0 && out.indexOf('\n', at) > at) {
            const QByteArray line = out.mid(at + 13, out.indexOf('\n', at) - at - 13).trimmed();
            return QUrl(QString::fromLatin1(line));
        }
        if (process.state() != QProcess::Running) {
            qWarning("TestServer: the server exited (log next to %s)", qPrintable(configPath));
            return {};
        }
    }
    qWarning("TestServer: the server did not start in time");
    return {};
}

QUrl TestServer::startAnotherInstance()
{
    // Same configuration and database, on a free port of its own.
    QFile original(configPath());
    if (!original.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(original.readAll());
    text.replace(QRegularExpression(QStringLiteral("(?m)^port=\\d+$")), QStringLiteral("port=0"));
    const QString path = m_dir->filePath(QStringLiteral("server-%1.conf").arg(m_otherInstances.size() + 2));
    QFile copy(path);
    if (!copy.open(QIODevice::WriteOnly))
        return {};
    copy.write(text.toUtf8());
    copy.close();
    m_otherInstances.push_back(std::make_unique<QProcess>());
    return startServe(*m_otherInstances.back(), path);
}

bool TestServer::stoppedCleanly() const
{
    return m_process.state() == QProcess::NotRunning && m_process.exitStatus() == QProcess::NormalExit
        && m_process.exitCode() == 0;
}

qint64 TestServer::processId() const
{
    return m_process.processId();
}

QByteArray TestServer::serverLog() const
{
    QFile log(configPath() + QStringLiteral(".%1.log").arg(quintptr(&m_process), 0, 16));
    return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
}

void TestServer::stop()
{
    for (auto &process : m_otherInstances) {
        process->terminate();
        process->waitForFinished(10000);
    }
    m_otherInstances.clear();
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool TestServer::restart()
{
    if (m_process.state() != QProcess::NotRunning)
        return false;
    const QUrl url = startServe(m_process, configPath());
    if (!url.isValid() || (m_options.franceConnect && url != m_baseUrl))
        return false;
    m_baseUrl = url; // port=0: the new process may listen elsewhere
    return true;
}

bool TestServer::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

TestServer::Account TestServer::createAccount(const QString &email, const QString &firstName,
    const QString &lastName, bool referent, bool withCard, qint64 organisationId)
{
    Account account;
    QStringList arguments { QStringLiteral("add-aidant"), QStringLiteral("--email"), email,
        QStringLiteral("--first-name"), firstName, QStringLiteral("--last-name"), lastName,
        QStringLiteral("--profession"), QStringLiteral("Médiatrice numérique"),
        QStringLiteral("--organisation"),
        QString::number(organisationId != 0 ? organisationId : m_organisationId) };
    if (referent)
        arguments << QStringLiteral("--referent");
    QString output;
    if (runAdmin(arguments, &output) != 0) {
        qWarning("TestServer: add-aidant failed: %s", qPrintable(output));
        return account;
    }
    account.id = output.trimmed().toLongLong();
    account.email = email;
    account.firstName = firstName;
    account.lastName = lastName;
    account.stepSeconds = Totp::kCardStepSeconds;
    if (!withCard)
        return account;
    const Card card = importCard();
    account.secret = card.secret;
    const QString serial = card.serial;
    if (serial.isEmpty()
        || runAdmin({ QStringLiteral("associate-card"), QStringLiteral("--serial"), serial,
                        QStringLiteral("--email"), email },
               &output)
            != 0) {
        qWarning("TestServer: card set-up failed: %s", qPrintable(output));
        return {};
    }
    return account;
}

TestServer::Card TestServer::importCard()
{
    Card card;
    card.secret = randomSeed();
    card.serial = QStringLiteral("GADT%1").arg(++m_cardCounter, 8, 10, QLatin1Char('0'));
    const QString csvPath = m_dir->filePath(QStringLiteral("cards-%1.csv").arg(card.serial));
    QFile file(csvPath);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("serial_number,seed\n" + card.serial.toLatin1() + ',' + card.secret.toHex() + '\n');
    file.close();
    QString output;
    if (runAdmin({ QStringLiteral("import-cards"), csvPath }, &output) != 0) {
        qWarning("TestServer: import-cards failed: %s", qPrintable(output));
        return {};
    }
    return card;
}

qint64 TestServer::createOrganisation(const QString &name)
{
    QString output;
    if (runAdmin({ QStringLiteral("create-organisation"), QStringLiteral("--name"), name,
                     QStringLiteral("--type"), QStringLiteral("CCAS"), QStringLiteral("--siret"),
                     QStringLiteral("21690123400019"), QStringLiteral("--address"),
                     QStringLiteral("1 place de la République"), QStringLiteral("--postcode"),
                     QStringLiteral("69001"), QStringLiteral("--city"), QStringLiteral("Lyon") },
            &output)
        != 0) {
        qWarning("TestServer: create-organisation failed: %s", qPrintable(output));
        return 0;
    }
    return output.trimmed().toLongLong();
}

bool TestServer::loadFixture()
{
    QString output;
    if (runAdmin({ QStringLiteral("create-organisation"), QStringLiteral("--name"), organisationName(),
                     QStringLiteral("--type"), QStringLiteral("France Services"), QStringLiteral("--siret"),
                     QStringLiteral("12345678900011"), QStringLiteral("--address"),
                     QStringLiteral("3 rue des Lilas"), QStringLiteral("--postcode"), QStringLiteral("69003"),
                     QStringLiteral("--city"), QStringLiteral("Lyon") },
            &output)
        != 0) {
        qWarning("TestServer: create-organisation failed: %s", qPrintable(output));
        return false;
    }
    m_organisationId = output.trimmed().toLongLong();
    m_aidant = createAccount(
        QStringLiteral("Camille.Aidante@test.example"), QStringLiteral("Camille"), QStringLiteral("Dupont"));
    m_referent = createAccount(QStringLiteral("pascal.referent@test.example"), QStringLiteral("Pascal"),
        QStringLiteral("Martin"), true);
    return m_aidant.id != 0 && m_referent.id != 0;
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

QString TestServer::journalRowSql(const JournalRow &row) const
{
    const auto idOrNull = [](qint64 id) { return id > 0 ? QString::number(id) : QStringLiteral("NULL"); };
    const QString chain = QString::number(qMax<qint64>(0, row.organisationId));
    // The primary key as the server allocates it (docs/journal.md § Chains).
    const QString seq = m_options.backend == Backend::PostgreSql
        ? QStringLiteral("nextval('journal_seq')")
        : QStringLiteral("(SELECT COALESCE(MAX(seq), 0) + 1 FROM journal)");
    return QStringLiteral(
        "INSERT INTO journal_heads (chain_id, last_seq, last_hash) SELECT %1, 0,"
        " (SELECT last_hash FROM journal_head WHERE id = 1)"
        " WHERE NOT EXISTS (SELECT 1 FROM journal_heads WHERE chain_id = %1);\n"
        "INSERT INTO journal (seq, chain_id, chain_seq, action, created_at, aidant_id, organisation_id,"
        " usager_id, demarches, previous_hash, hash) SELECT %2, %1, last_seq + 1, '%3', %4, %5, %6, %7, '%8',"
        " last_hash, '%9' FROM journal_heads WHERE chain_id = %1;\n")
        .arg(chain, seq, row.action)
        .arg(row.createdAtMs)
        .arg(idOrNull(row.aidantId), idOrNull(row.organisationId), idOrNull(row.usagerId), row.demarches,
            QString(64, QLatin1Char('f')));
}

TestServer::HttpResult TestServer::request(const QByteArray &method, const QString &path,
    const QByteArray &body, const QString &token, const QUrl &baseUrl,
    const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkAccessManager manager;
    QNetworkRequest request((baseUrl.isEmpty() ? m_baseUrl : baseUrl).resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + token.toLatin1());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    reply->deleteLater();
    return result;
}

TestServer::HttpResult TestServer::postJson(
    const QString &path, const QJsonObject &json, const QString &token, const QUrl &baseUrl)
{
    return request(
        QByteArrayLiteral("POST"), path, QJsonDocument(json).toJson(QJsonDocument::Compact), token, baseUrl);
}
