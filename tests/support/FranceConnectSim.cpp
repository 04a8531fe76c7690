#include "FranceConnectSim.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

namespace {
QJsonArray urls(const QList<QUrl> &list)
{
    QJsonArray array;
    for (const QUrl &url : list)
        array.append(url.toString());
    return array;
}
} // namespace

FranceConnectSim::~FranceConnectSim()
{
    stop();
}

QString FranceConnectSim::directory()
{
    return qEnvironmentVariable("AC_FC_SIM_DIR");
}

QUrl FranceConnectSim::demoServiceProvider() const
{
    QUrl url = m_issuer;
    url.setPath(QStringLiteral("/demo/"));
    return url;
}

bool FranceConnectSim::start(
    const QList<Client> &clients, const QString &workDir, const AidantsConnect *aidantsConnect)
{
    QJsonArray json;
    for (const Client &c : clients) {
        json.append(QJsonObject { { QStringLiteral("client_id"), c.id },
            { QStringLiteral("client_secret"), c.secret },
            { QStringLiteral("redirect_uris"), urls(c.redirectUris) },
            { QStringLiteral("post_logout_redirect_uris"), urls(c.postLogoutRedirectUris) } });
    }
    const QString clientsPath = workDir + QStringLiteral("/fc-clients.json");
    QFile file(clientsPath);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(json).toJson());
    file.close();

    QStringList arguments { directory() + QStringLiteral("/server.mjs"), QStringLiteral("--host"),
        QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0"),
        QStringLiteral("--clients"), clientsPath, QStringLiteral("--test-mode") };
    const QString acPath = workDir + QStringLiteral("/fc-aidants-connect.json");
    // The simulator reads this file at each use: written once now, then again with the
    // post-logout URI, which names the simulator's own port.
    const auto writeAidantsConnect = [&](const QString &postLogoutUri) {
        QFile ac(acPath);
        if (!ac.open(QIODevice::WriteOnly))
            return false;
        QJsonObject json { { QStringLiteral("issuer"), aidantsConnect->issuer.toString() },
            { QStringLiteral("client_id"), aidantsConnect->clientId },
            { QStringLiteral("client_secret"), aidantsConnect->clientSecret },
            { QStringLiteral("id_token_signed_response_alg"), aidantsConnect->idTokenAlgorithm } };
        if (!postLogoutUri.isEmpty())
            json.insert(QStringLiteral("post_logout_redirect_uri"), postLogoutUri);
        return ac.write(QJsonDocument(json).toJson()) > 0;
    };
    if (aidantsConnect) {
        if (!writeAidantsConnect({}))
            return false;
        arguments << QStringLiteral("--aidants-connect") << acPath;
    }
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setStandardErrorFile(workDir + QStringLiteral("/fc-sim.log"));
    m_process.start(QStringLiteral("node"), arguments);
    if (!m_process.waitForStarted(10000)) {
        qWarning("FranceConnectSim: cannot start node");
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    while (timer.elapsed() < 20000) {
        m_process.waitForReadyRead(200);
        out += m_process.readAllStandardOutput();
        const int at = out.indexOf("listening on ");
        if (at >= 0 && out.indexOf('\n', at) > at) {
            m_issuer = QUrl(QString::fromLatin1(out.mid(at + 13, out.indexOf('\n', at) - at - 13).trimmed()));
            if (aidantsConnect && !writeAidantsConnect(aidantsConnectLogoutCallback().toString()))
                return false;
            return m_issuer.isValid();
        }
        if (m_process.state() != QProcess::Running)
            break;
    }
    qWarning("FranceConnectSim: the simulator did not start (log: %s/fc-sim.log)", qPrintable(workDir));
    return false;
}

void FranceConnectSim::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool FranceConnectSim::setFault(const QString &kind)
{
    QNetworkAccessManager network;
    QUrl url = m_issuer;
    url.setPath(QStringLiteral("/__test/fault"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = network.post(request,
        QJsonDocument(QJsonObject { { QStringLiteral("kind"), kind } }).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status >= 200 && status < 300;
}

QList<QMap<QString, QString>> FranceConnectSim::identities()
{
    QList<QMap<QString, QString>> rows;
    QFile file(directory() + QStringLiteral("/identities.csv"));
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return rows;
    const QStringList header = lines.first().trimmed().split(QLatin1Char(','));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList cells = lines[i].trimmed().split(QLatin1Char(','));
        QMap<QString, QString> row;
        for (qsizetype c = 0; c < header.size(); ++c)
            row.insert(header[c], cells.value(c));
        rows.append(row);
    }
    return rows;
}

FranceConnectBrowser::Response FranceConnectBrowser::send(const QUrl &url, const QByteArray *form)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nullptr;
    if (form) {
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = m_network.post(request, *form);
    } else {
        reply = m_network.get(request);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    Response response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray location = reply->rawHeader(QByteArrayLiteral("Location"));
    if (!location.isEmpty())
        response.location = url.resolved(QUrl::fromEncoded(location));
    response.body = reply->readAll();
    reply->deleteLater();
    return response;
}

FranceConnectBrowser::Outcome FranceConnectBrowser::get(const QUrl &url)
{
    const Response r = send(url, nullptr);
    Outcome outcome;
    outcome.finalUrl = r.location.isValid() ? r.location : url;
    outcome.status = r.status;
    outcome.body = r.body;
    return outcome;
}

FranceConnectBrowser::Outcome FranceConnectBrowser::run(
    const QUrl &startUrl, const QString &login, Action action, const QString &idp)
{
    static const QRegularExpression interaction(QStringLiteral("^(/api/v2/interaction/[^/]+)(/login)?$"));
    Outcome outcome;
    QUrl url = startUrl;
    QByteArray form;
    bool post = false;
    for (int hops = 0; hops < 30; ++hops) {
        outcome.visited.append(url);
        if (url.path() == QLatin1String("/fc/done")) {
            outcome.finalUrl = url;
            outcome.status = 0;
            return outcome;
        }
        const Response r = send(url, post ? &form : nullptr);
        post = false;
        if (r.status >= 300 && r.status < 400 && r.location.isValid()) {
            url = r.location;
            continue;
        }
        outcome.finalUrl = url;
        outcome.status = r.status;
        outcome.body = r.body;
        const QRegularExpressionMatch match = interaction.match(url.path());
        if (r.status != 200 || !match.hasMatch())
            return outcome;
        QUrl next = url;
        next.setQuery(QString());
        QUrlQuery fields;
        if (action == Action::Cancel) {
            next.setPath(match.captured(1) + QStringLiteral("/abort"));
        } else if (match.captured(2).isEmpty()) {
            next.setPath(match.captured(1) + QStringLiteral("/idp"));
            fields.addQueryItem(QStringLiteral("idp"), idp);
        } else {
            if (action == Action::WrongPassword && outcome.body.contains("id=\"error\""))
                return outcome; // the form came back with its error: done
            next.setPath(match.captured(1) + QStringLiteral("/login"));
            fields.addQueryItem(QStringLiteral("idp"), idp);
            fields.addQueryItem(QStringLiteral("login"), QString::fromLatin1(QUrl::toPercentEncoding(login)));
            fields.addQueryItem(QStringLiteral("password"),
                action == Action::WrongPassword ? QStringLiteral("wrong") : QStringLiteral("123"));
        }
        form = fields.query(QUrl::FullyEncoded).toUtf8();
        post = true;
        url = next;
    }
    return outcome;
}

FranceConnectBrowser::Outcome FranceConnectBrowser::follow(const QUrl &start, const QByteArray *form)
{
    Outcome outcome;
    QUrl url = start;
    const QByteArray *body = form;
    for (int hops = 0; hops < 30; ++hops) {
        outcome.visited.append(url);
        if (url.path() == QLatin1String("/oidc/authorize") && hops > 0) {
            outcome.finalUrl = url;
            outcome.status = 0;
            return outcome;
        }
        const Response r = send(url, body);
        body = nullptr;
        if (r.status >= 300 && r.status < 400 && r.location.isValid()) {
            url = r.location;
            continue;
        }
        outcome.finalUrl = url;
        outcome.status = r.status;
        outcome.body = r.body;
        return outcome;
    }
    return outcome;
}

FranceConnectBrowser::Outcome FranceConnectBrowser::startDemarche(
    const QUrl &demoStart, const QStringList &repScope)
{
    QUrl login = demoStart;
    login.setPath(QStringLiteral("/demo/login"));
    QUrlQuery fields;
    fields.addQueryItem(QStringLiteral("rep_scope"), repScope.join(QLatin1Char(',')));
    const QByteArray form = fields.query(QUrl::FullyEncoded).toUtf8();
    Outcome choice = follow(login, &form);
    static const QRegularExpression interaction(QStringLiteral("^/api/v2/interaction/[^/]+$"));
    if (choice.status != 200 || !interaction.match(choice.finalUrl.path()).hasMatch())
        return choice;
    QUrl button = choice.finalUrl;
    button.setQuery(QString());
    button.setPath(button.path() + QStringLiteral("/aidants-connect"));
    const QByteArray empty;
    Outcome outcome = follow(button, &empty);
    outcome.visited = choice.visited + outcome.visited;
    return outcome;
}
