// « Réaliser une démarche »: the identity provider's wire types, the native choice of the usager and
// the démarche, the interception of FranceConnect's authorization request and the per-démarche
// private profile. A small HTTP stub on loopback plays both the démarche's site and the server's API
// (the end-to-end test against the real server and the FranceConnect simulator is elsewhere).
#include "ApiClient.h"
#include "Demarches.h"
#include "Idp.h"
#include "Settings.h"
#include "WebEngineTestMain.h"
#include "demarche/DemarchePage.h"
#include "demarche/DemarcheWebPage.h"
#include "demarche/IdpChoiceWidget.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCommandLinkButton>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEngineProfile>
#include <QWebEngineView>

#include <functional>

namespace {

template<typename T> T *child(QObject *root, const QString &name)
{
    auto *object = root->findChild<T *>(name);
    if (!object)
        qFatal("no child %s", qPrintable(name));
    return object;
}

IdpRequestInfo parse(const QByteArray &json)
{
    return IdpRequestInfo::fromJson(QJsonDocument::fromJson(json).object());
}

/// Four usagers; sorted by family then given name: 1 (DUBOIS), 2 (LEFÈVRE), 4 (MARTIN Hélène), 3 (MARTIN
/// Jean).
const QByteArray kRequestJson = R"({
    "id": "req-1",
    "rep_scope": [],
    "usagers": [
        { "id": 1, "given_name": "Angela", "family_name": "Dubois", "birthdate": "1992-03-12",
          "demarches": ["papiers", "transports"] },
        { "id": 2, "given_name": "Éloïse", "family_name": "LEFÈVRE", "birthdate": "1980-11-00",
          "demarches": ["famille"] },
        { "id": 3, "given_name": "Jean", "family_name": "Martin", "birthdate": "1975-01-05",
          "demarches": ["argent", "social", "logement"] },
        { "id": 4, "given_name": "Hélène", "family_name": "Martin", "birthdate": "1961-07-21",
          "demarches": ["justice"] }
    ]
})";

/// The widgets a user reaches with the keyboard or a click, which must have an accessible name.
QStringList widgetsWithoutAccessibleName(QWidget *root)
{
    QStringList missing;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        const bool interactive = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
            || qobject_cast<QListWidget *>(widget) || qobject_cast<QWebEngineView *>(widget);
        if (interactive && widget->accessibleName().trimmed().isEmpty())
            missing << QStringLiteral("%1 (%2)").arg(
                widget->objectName(), QString::fromLatin1(widget->metaObject()->className()));
    }
    return missing;
}

/// A minimal HTTP/1.1 server on loopback: each request is answered by `handler`, then closed.
class StubHttpServer final : public QObject
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray target; ///< path and query
        QByteArray authorization;
        QByteArray body;
        QString path() const { return QUrl(QString::fromLatin1(target)).path(); }
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };
    struct Response
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        QByteArray location;
    };
    std::function<Response(const Request &)> handler;
    QList<Request> requests;

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()) + pathAndQuery);
    }
    QList<Request> requestsTo(const QString &path) const
    {
        QList<Request> found;
        for (const Request &r : requests) {
            if (r.path() == path)
                found.append(r);
        }
        return found;
    }

    StubHttpServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        Request request;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.target = first.value(1);
        qsizetype length = 0;
        for (const QByteArray &line : lines.mid(1)) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "authorization")
                request.authorization = value;
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        request.body = buffer.mid(headerEnd + 4, length);
        m_buffers.remove(socket);
        requests.append(request);
        Response response = handler ? handler(request) : Response { 404, "{}", "application/json", {} };
        QByteArray answer = "HTTP/1.1 " + QByteArray::number(response.status)
            + " Stub\r\nContent-Type: " + response.contentType
            + "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n";
        if (!response.location.isEmpty())
            answer += "Location: " + response.location + "\r\n";
        socket->write(answer + "\r\n" + response.body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray html(const QString &title)
{
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title.toUtf8()
        + "</title></head><body>" + title.toUtf8() + "</body></html>";
}

} // namespace

class TestDemarcheBrowser : public QObject
{
    Q_OBJECT

private slots:
    // --- Wire types ---------------------------------------------------------------------------

    void requestParsing_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QList<qint64>>("usagerIds");
        QTest::addColumn<QStringList>("firstDemarches");
        QTest::addColumn<QStringList>("repScope");

        QTest::newRow("complete") << kRequestJson << QStringLiteral("req-1") << QList<qint64> { 1, 2, 3, 4 }
                                  << QStringList { QStringLiteral("papiers"), QStringLiteral("transports") }
                                  << QStringList();
        QTest::newRow("rep_scope") << QByteArray(R"({"id":"r","rep_scope":["transports"],"usagers":[
                {"id":5,"given_name":"A","family_name":"B","birthdate":"2000-01-01","demarches":["transports"]}]})")
                                   << QStringLiteral("r") << QList<qint64> { 5 }
                                   << QStringList { QStringLiteral("transports") }
                                   << QStringList { QStringLiteral("transports") };
        QTest::newRow("missing id") << QByteArray(R"({"usagers":[]})") << QString() << QList<qint64>()
                                    << QStringList() << QStringList();
        QTest::newRow("id not a string") << QByteArray(R"({"id":12,"usagers":[]})") << QString()
                                         << QList<qint64>() << QStringList() << QStringList();
        QTest::newRow("usagers missing") << QByteArray(R"({"id":"r"})") << QStringLiteral("r")
                                         << QList<qint64>() << QStringList() << QStringList();
        QTest::newRow("usagers not an array")
            << QByteArray(R"({"id":"r","usagers":{"id":1}})") << QStringLiteral("r") << QList<qint64>()
            << QStringList() << QStringList();
        QTest::newRow("rep_scope not an array")
            << QByteArray(R"({"id":"r","rep_scope":"papiers","usagers":[{"id":1,"demarches":["papiers"]}]})")
            << QStringLiteral("r") << QList<qint64> { 1 } << QStringList { QStringLiteral("papiers") }
            << QStringList();
        QTest::newRow("usager id as string, fractional, zero, missing")
            << QByteArray(R"({"id":"r","usagers":[
                {"id":"7","demarches":["papiers"]},{"id":7.5,"demarches":["papiers"]},
                {"id":0,"demarches":["papiers"]},{"demarches":["papiers"]},{"id":8,"demarches":["papiers"]}]})")
            << QStringLiteral("r") << QList<qint64> { 8 } << QStringList { QStringLiteral("papiers") }
            << QStringList();
        QTest::newRow("not objects, duplicates")
            << QByteArray(R"({"id":"r","usagers":[
                3, "x", null, {"id":9,"demarches":["logement"]},{"id":9,"demarches":["papiers"]}]})")
            << QStringLiteral("r") << QList<qint64> { 9 } << QStringList { QStringLiteral("logement") }
            << QStringList();
        QTest::newRow("unknown and repeated démarches")
            << QByteArray(R"({"id":"r","usagers":[{"id":1,"demarches":["vacances","social",3,"social"]}]})")
            << QStringLiteral("r") << QList<qint64> { 1 } << QStringList { QStringLiteral("social") }
            << QStringList();
        QTest::newRow("no démarche: not listed") << QByteArray(
            R"({"id":"r","usagers":[{"id":1,"demarches":[]},{"id":2,"demarches":"papiers"},{"id":3}]})")
                                                 << QStringLiteral("r") << QList<qint64>() << QStringList()
                                                 << QStringList();
    }

    void requestParsing()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, id);
        QFETCH(QList<qint64>, usagerIds);
        QFETCH(QStringList, firstDemarches);
        QFETCH(QStringList, repScope);
        const IdpRequestInfo info = parse(json);
        QCOMPARE(info.id, id);
        QCOMPARE(info.isValid(), !id.isEmpty());
        QList<qint64> ids;
        for (const IdpUsagerChoice &u : info.usagers)
            ids.append(u.id);
        QCOMPARE(ids, usagerIds);
        QCOMPARE(info.usagers.isEmpty() ? QStringList() : info.usagers.first().demarches, firstDemarches);
        QCOMPARE(info.repScope, repScope);
    }

    void usagerFieldsWithWrongTypesReadEmpty()
    {
        const IdpUsagerChoice u = IdpUsagerChoice::fromJson(
            QJsonDocument::fromJson(R"({"id":1,"given_name":3,"family_name":["x"],"birthdate":null})")
                .object());
        QCOMPARE(u.id, 1);
        QVERIFY(u.givenName.isEmpty());
        QVERIFY(u.familyName.isEmpty());
        QVERIFY(u.birthdate.isEmpty());
        const IdpRequestInfo info = parse(kRequestJson);
        QCOMPARE(info.usagers.at(1).displayName(), QStringLiteral("Éloïse LEFÈVRE"));
        QCOMPARE(info.usagers.at(1).birthdate, QStringLiteral("1980-11-00"));
    }

    void redirectParsing_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("valid");
        QTest::newRow("https") << QByteArray(
            "{\"redirect\":\"https://fc.exemple.fr/callback?code=x&state=y\"}")
                               << true;
        QTest::newRow("loopback http")
            << QByteArray("{\"redirect\":\"http://127.0.0.1:9000/cb?error=access_denied\"}") << true;
        QTest::newRow("missing") << QByteArray(R"({})") << false;
        QTest::newRow("not a string") << QByteArray("{\"redirect\":[\"https://x.fr\"]}") << false;
        QTest::newRow("relative") << QByteArray(R"({"redirect":"/callback"})") << false;
        QTest::newRow("javascript") << QByteArray(R"json({"redirect":"javascript:alert(1)"})json") << false;
        QTest::newRow("file") << QByteArray("{\"redirect\":\"file:///etc/passwd\"}") << false;
    }

    void redirectParsing()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, valid);
        QCOMPARE(IdpRedirect::fromJson(QJsonDocument::fromJson(json).object()).isValid(), valid);
    }

    // --- URL rules ----------------------------------------------------------------------------

    void authorizeInterception_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("intercepted");
        const QString dev = QStringLiteral("http://127.0.0.1:8080");
        const QString prod = QStringLiteral("https://ac.exemple.fr");
        QTest::newRow("same origin") << dev << QStringLiteral("http://127.0.0.1:8080/oidc/authorize") << true;
        QTest::newRow("with query")
            << dev
            << QStringLiteral("http://127.0.0.1:8080/oidc/authorize?response_type=code&state=s&nonce=n")
            << true;
        QTest::newRow("default port")
            << prod << QStringLiteral("https://ac.exemple.fr:443/oidc/authorize?x=1") << true;
        QTest::newRow("host case") << prod << QStringLiteral("https://AC.exemple.fr/oidc/authorize") << true;
        QTest::newRow("server under a path")
            << QStringLiteral("https://exemple.fr/ac/")
            << QStringLiteral("https://exemple.fr/ac/oidc/authorize?x=1") << true;
        QTest::newRow("other host") << dev << QStringLiteral("http://localhost:8080/oidc/authorize") << false;
        QTest::newRow("other port") << dev << QStringLiteral("http://127.0.0.1:8081/oidc/authorize") << false;
        QTest::newRow("other scheme")
            << prod << QStringLiteral("http://ac.exemple.fr/oidc/authorize") << false;
        QTest::newRow("other path") << dev << QStringLiteral("http://127.0.0.1:8080/authorize") << false;
        QTest::newRow("longer path") << dev << QStringLiteral("http://127.0.0.1:8080/oidc/authorizeX")
                                     << false;
        QTest::newRow("sub path") << dev << QStringLiteral("http://127.0.0.1:8080/oidc/authorize/x") << false;
        QTest::newRow("token endpoint") << dev << QStringLiteral("http://127.0.0.1:8080/oidc/token") << false;
        QTest::newRow("FranceConnect's own authorize")
            << prod << QStringLiteral("https://fcp.integ01.dev-franceconnect.fr/api/v1/authorize") << false;
    }

    void authorizeInterception()
    {
        QFETCH(QString, server);
        QFETCH(QString, url);
        QFETCH(bool, intercepted);
        QCOMPARE(DemarcheWebPage::isAuthorizeUrl(QUrl(url), QUrl(server)), intercepted);
    }

    void siteUrls_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https") << QStringLiteral("https://www.impots.gouv.fr/")
                               << QStringLiteral("https://www.impots.gouv.fr/") << true;
        QTest::newRow("no scheme: https")
            << QStringLiteral(" ants.gouv.fr ") << QStringLiteral("https://ants.gouv.fr") << true;
        QTest::newRow("loopback http") << QStringLiteral("http://127.0.0.1:9000/site")
                                       << QStringLiteral("http://127.0.0.1:9000/site") << true;
        QTest::newRow("localhost http")
            << QStringLiteral("http://localhost:9000") << QStringLiteral("http://localhost:9000") << true;
        QTest::newRow("IPv6 loopback")
            << QStringLiteral("http://[::1]:9000/") << QStringLiteral("http://[::1]:9000/") << true;
        QTest::newRow("http elsewhere") << QStringLiteral("http://www.impots.gouv.fr")
                                        << QStringLiteral("http://www.impots.gouv.fr") << false;
        QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << QStringLiteral("file:///etc/passwd")
                              << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://exemple.fr") << QStringLiteral("ftp://exemple.fr")
                             << false;
    }

    void siteUrls()
    {
        QFETCH(QString, typed);
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        const QUrl parsed = DemarchePage::urlFromInput(typed);
        QCOMPARE(parsed, QUrl(url));
        QCOMPARE(DemarchePage::isAllowedSiteUrl(parsed), allowed);
    }

    void shortcutsSetting()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Settings::setConfigDirOverride(dir.path());
        {
            Settings settings;
            QVERIFY(settings.demarcheShortcuts().isEmpty());
        }
        QFile machine(dir.filePath(QStringLiteral("machine.conf")));
        QVERIFY(machine.open(QIODevice::WriteOnly));
        machine.write(
            "demarche_shortcuts=\"Impots|https://www.impots.gouv.fr/\", \"Sans URL\", "
            "\"|https://x.fr\", \"Fichier|file:///etc/passwd\", \"Simulateur|http://127.0.0.1:9000/site\"\n");
        machine.close();
        {
            Settings settings;
            const QList<QPair<QString, QUrl>> shortcuts = settings.demarcheShortcuts();
            QCOMPARE(shortcuts.size(), 2);
            QCOMPARE(shortcuts.at(0).first, QStringLiteral("Impots"));
            QCOMPARE(shortcuts.at(0).second, QUrl(QStringLiteral("https://www.impots.gouv.fr/")));
            QCOMPARE(shortcuts.at(1).second, QUrl(QStringLiteral("http://127.0.0.1:9000/site")));
        }
        QVERIFY(machine.open(QIODevice::WriteOnly));
        machine.write("demarche_shortcuts=Seul|https://seul.exemple.fr\n");
        machine.close();
        {
            Settings settings;
            QCOMPARE(settings.demarcheShortcuts().size(), 1);
            QCOMPARE(settings.demarcheShortcuts().first().first, QStringLiteral("Seul"));
        }
        Settings::setConfigDirOverride(QString());
    }

    // --- The choice widgets ---------------------------------------------------------------------

    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QList<qint64>>("visible");
        QTest::newRow("empty: everybody, by family name") << QString() << QList<qint64> { 1, 2, 4, 3 };
        QTest::newRow("lower-case, no accents") << QStringLiteral("eloise") << QList<qint64> { 2 };
        QTest::newRow("capitals and accents") << QStringLiteral("ÉLOÏSE") << QList<qint64> { 2 };
        QTest::newRow("family name without accent") << QStringLiteral("lefevre") << QList<qint64> { 2 };
        QTest::newRow("accent typed, none stored") << QStringLiteral("dùbois") << QList<qint64> { 1 };
        QTest::newRow("two people") << QStringLiteral("MARTIN") << QList<qint64> { 4, 3 };
        QTest::newRow("two terms") << QStringLiteral("martin  jean") << QList<qint64> { 3 };
        QTest::newRow("terms in any order") << QStringLiteral("helene martin") << QList<qint64> { 4 };
        QTest::newRow("birthdate as shown") << QStringLiteral("12/03/1992") << QList<qint64> { 1 };
        QTest::newRow("birthdate spelled out") << QStringLiteral("novembre 1980") << QList<qint64> { 2 };
        QTest::newRow("no match") << QStringLiteral("zzz") << QList<qint64>();
    }

    void search()
    {
        QFETCH(QString, query);
        QFETCH(QList<qint64>, visible);
        IdpChoiceWidget widget;
        widget.setRequest(parse(kRequestJson));
        widget.show();
        child<QLineEdit>(&widget, QStringLiteral("usagerSearchLineEdit"))->setText(query);
        QCOMPARE(widget.visibleUsagerIds(), visible);
        QCOMPARE(child<QLabel>(&widget, QStringLiteral("noMatchLabel"))->isVisible(), visible.isEmpty());
        QVERIFY(!child<QLabel>(&widget, QStringLiteral("usagersEmptyLabel"))->isVisible());
        auto *list = child<QListWidget>(&widget, QStringLiteral("usagersListWidget"));
        if (!visible.isEmpty()) {
            // The first one left is current: Enter in the search field picks them.
            QCOMPARE(list->currentItem()->data(Qt::UserRole).toLongLong(), visible.first());
        }
    }

    void listShowsNameAndBirthdate()
    {
        IdpChoiceWidget widget;
        widget.setRequest(parse(kRequestJson));
        auto *list = child<QListWidget>(&widget, QStringLiteral("usagersListWidget"));
        QCOMPARE(list->count(), 4);
        QCOMPARE(list->item(0)->text(), QStringLiteral("Angela DUBOIS — né(e) le 12/03/1992"));
        QCOMPARE(list->item(0)->data(Qt::AccessibleTextRole).toString(),
            QStringLiteral("Angela DUBOIS, date de naissance : 12 mars 1992"));
        QVERIFY(list->item(1)->text().contains(QStringLiteral("novembre 1980")));
        auto *title = child<QLabel>(&widget, QStringLiteral("usagersTitleLabel"));
        QCOMPARE(title->text(), QStringLiteral("Sélectionnez l'usager que vous souhaitez FranceConnecter"));
        QCOMPARE(child<QLabel>(&widget, QStringLiteral("usagersNoteLabel"))->text(),
            QStringLiteral("Seuls les usagers avec un mandat en cours sont affichés ici."));
    }

    void demarcheButtons_data()
    {
        QTest::addColumn<qint64>("usagerId");
        QTest::addColumn<QStringList>("demarches");
        QTest::addColumn<QString>("name");
        QTest::newRow("two") << qint64(1)
                             << QStringList { QStringLiteral("papiers"), QStringLiteral("transports") }
                             << QStringLiteral("Angela DUBOIS");
        QTest::newRow("one") << qint64(2) << QStringList { QStringLiteral("famille") }
                             << QStringLiteral("Éloïse LEFÈVRE");
        QTest::newRow("three, in the server's order")
            << qint64(3)
            << QStringList { QStringLiteral("argent"), QStringLiteral("social"), QStringLiteral("logement") }
            << QStringLiteral("Jean MARTIN");
    }

    void demarcheButtons()
    {
        QFETCH(qint64, usagerId);
        QFETCH(QStringList, demarches);
        QFETCH(QString, name);
        IdpChoiceWidget widget;
        widget.setRequest(parse(kRequestJson));
        widget.show();
        // Another usager first: their buttons must not stay.
        QVERIFY(widget.showDemarches(usagerId == 1 ? 4 : 1));
        QSignalSpy shown(&widget, &IdpChoiceWidget::demarchesShown);
        QVERIFY(widget.showDemarches(usagerId));
        QCOMPARE(shown.size(), 1);
        QVERIFY(widget.isShowingDemarches());
        QCOMPARE(widget.selectedUsagerId(), usagerId);
        QStringList shownCodes;
        for (QCommandLinkButton *button : widget.findChildren<QCommandLinkButton *>()) {
            const QString code = button->property("demarche").toString();
            shownCodes << code;
            const Demarche *demarche = Demarches::find(code);
            QVERIFY(demarche);
            QCOMPARE(button->objectName(), code + QStringLiteral("DemarcheCommandLinkButton"));
            QCOMPARE(button->text(), demarche->title);
            QCOMPARE(button->description(), demarche->description);
            QCOMPARE(button->accessibleName(), demarche->title);
        }
        QCOMPARE(shownCodes, demarches);
        QCOMPARE(child<QLabel>(&widget, QStringLiteral("demarchesTitleLabel"))->text(),
            QStringLiteral("Sélectionnez le type de démarche que vous allez effectuer"));
        QCOMPARE(child<QLabel>(&widget, QStringLiteral("demarchesIntroLabel"))->text(),
            QStringLiteral("En sélectionnant une démarche, vous allez FranceConnecter ") + name);
        QVERIFY(child<QLabel>(&widget, QStringLiteral("demarchesNoteLabel"))
                    ->text()
                    .startsWith(QStringLiteral("Si vous ne trouvez pas le type de démarche")));

        QSignalSpy chosen(&widget, &IdpChoiceWidget::demarcheChosen);
        QTest::mouseClick(child<QCommandLinkButton>(
                              &widget, demarches.last() + QStringLiteral("DemarcheCommandLinkButton")),
            Qt::LeftButton);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().at(0).toLongLong(), usagerId);
        QCOMPARE(chosen.first().at(1).toString(), demarches.last());

        // « Changer d'usager » goes back to the list.
        QSignalSpy usagers(&widget, &IdpChoiceWidget::usagersShown);
        QTest::mouseClick(
            child<QPushButton>(&widget, QStringLiteral("changeUsagerPushButton")), Qt::LeftButton);
        QCOMPARE(usagers.size(), 1);
        QVERIFY(!widget.isShowingDemarches());
        QVERIFY(!widget.showDemarches(999));
    }

    void emptyList()
    {
        IdpChoiceWidget widget;
        widget.setRequest(parse(R"({"id":"r","usagers":[]})"));
        widget.show();
        QVERIFY(child<QLabel>(&widget, QStringLiteral("usagersEmptyLabel"))->isVisible());
        QCOMPARE(child<QLabel>(&widget, QStringLiteral("usagersEmptyLabel"))->text(),
            QStringLiteral("Aucun usager n'a de mandat en cours pour cette démarche."));
        QVERIFY(child<QLabel>(&widget, QStringLiteral("usagersCreateNoteLabel"))->isVisible());
        QVERIFY(child<QLabel>(&widget, QStringLiteral("usagersCreateNoteLabel"))
                    ->text()
                    .contains(QStringLiteral("« Créer un mandat » depuis l'accueil")));
        QVERIFY(!child<QLineEdit>(&widget, QStringLiteral("usagerSearchLineEdit"))->isVisible());
        QVERIFY(!child<QListWidget>(&widget, QStringLiteral("usagersListWidget"))->isVisible());
        QVERIFY(!child<QLabel>(&widget, QStringLiteral("noMatchLabel"))->isVisible());
        QVERIFY(child<QPushButton>(&widget, QStringLiteral("cancelPushButton"))->isVisible());
        QSignalSpy cancel(&widget, &IdpChoiceWidget::cancelRequested);
        QTest::mouseClick(child<QPushButton>(&widget, QStringLiteral("cancelPushButton")), Qt::LeftButton);
        QCOMPARE(cancel.size(), 1);

        // A list again: the messages go.
        widget.setRequest(parse(kRequestJson));
        QVERIFY(!child<QLabel>(&widget, QStringLiteral("usagersEmptyLabel"))->isVisible());
        QVERIFY(!child<QLabel>(&widget, QStringLiteral("usagersCreateNoteLabel"))->isVisible());
        QVERIFY(child<QListWidget>(&widget, QStringLiteral("usagersListWidget"))->isVisible());
    }

    void keyboardOnly()
    {
        IdpChoiceWidget widget;
        widget.resize(700, 600);
        widget.show();
        widget.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&widget));
        QSignalSpy selected(&widget, &IdpChoiceWidget::usagerSelected);
        QSignalSpy chosen(&widget, &IdpChoiceWidget::demarcheChosen);
        widget.setRequest(parse(kRequestJson));
        auto *search = child<QLineEdit>(&widget, QStringLiteral("usagerSearchLineEdit"));
        auto *list = child<QListWidget>(&widget, QStringLiteral("usagersListWidget"));
        QTRY_COMPARE(QApplication::focusWidget(), search);

        // Type, Enter: the first usager found.
        QTest::keyClicks(search, QStringLiteral("jean"));
        QCOMPARE(widget.visibleUsagerIds(), QList<qint64> { 3 });
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().first().toLongLong(), 3);
        QVERIFY(widget.isShowingDemarches());
        auto *argent = child<QCommandLinkButton>(&widget, QStringLiteral("argentDemarcheCommandLinkButton"));
        QCOMPARE(QApplication::focusWidget(), argent);
        // Tab to the second démarche, Enter.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(),
            child<QCommandLinkButton>(&widget, QStringLiteral("socialDemarcheCommandLinkButton")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().at(1).toString(), QStringLiteral("social"));
        // After the last démarche: « Annuler ».
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(
            QApplication::focusWidget(), child<QPushButton>(&widget, QStringLiteral("cancelPushButton")));

        // « Changer d'usager » with Shift+Tab and Enter, then Down into the list and Enter.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QCOMPARE(QApplication::focusWidget(),
            child<QPushButton>(&widget, QStringLiteral("changeUsagerPushButton")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY(!widget.isShowingDemarches());
        QCOMPARE(QApplication::focusWidget(), search);
        search->clear();
        QTest::keyClick(search, Qt::Key_Down);
        QCOMPARE(QApplication::focusWidget(), list);
        // The usager picked before stays current; Up goes to the one listed before them.
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toLongLong(), 3);
        QTest::keyClick(list, Qt::Key_Up);
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toLongLong(), 4);
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(selected.size(), 2);
        QCOMPARE(selected.last().first().toLongLong(), 4);
        QCOMPARE(QApplication::focusWidget(),
            child<QCommandLinkButton>(&widget, QStringLiteral("justiceDemarcheCommandLinkButton")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        QCOMPARE(chosen.size(), 2);
        QCOMPARE(chosen.last().at(0).toLongLong(), 4);
        QCOMPARE(chosen.last().at(1).toString(), QStringLiteral("justice"));

        // Escape: « Annuler ».
        QSignalSpy cancel(&widget, &IdpChoiceWidget::cancelRequested);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QCOMPARE(cancel.size(), 1);

        // A new request: the search field has the focus again, empty.
        widget.setRequest(parse(kRequestJson));
        QCOMPARE(QApplication::focusWidget(), search);
        QVERIFY(search->text().isEmpty());
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toLongLong(), 1);
    }

    void accessibleNames()
    {
        ApiClient api;
        DemarchePage page(&api);
        page.setShortcuts({ { QStringLiteral("Impôts"), QUrl(QStringLiteral("https://www.impots.gouv.fr")) },
            { QStringLiteral("Simulateur"), QUrl(QStringLiteral("http://127.0.0.1:9/site")) } });
        page.presentRequest(parse(kRequestJson));
        page.choiceWidget()->showDemarches(3);
        QCOMPARE(widgetsWithoutAccessibleName(&page), QStringList());
        QCOMPARE(child<QPushButton>(&page, QStringLiteral("shortcut1PushButton"))->text(),
            QStringLiteral("Impôts"));
        QCOMPARE(child<QPushButton>(&page, QStringLiteral("shortcut2PushButton"))->property("url").toUrl(),
            QUrl(QStringLiteral("http://127.0.0.1:9/site")));
        QVERIFY(child<QPushButton>(&page, QStringLiteral("homePushButton")));
        QCOMPARE(child<QPushButton>(&page, QStringLiteral("terminatePushButton"))->text(),
            QStringLiteral("Terminer la démarche"));
    }

    void toolbarKeyboard()
    {
        ApiClient api;
        api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9")));
        DemarchePage page(&api);
        page.setShortcuts({ { QStringLiteral("Simulateur"), QUrl(QStringLiteral("http://127.0.0.1:9/sim")) },
            { QStringLiteral("Autre"), QUrl(QStringLiteral("https://autre.exemple.fr/")) } });
        page.resize(900, 700);
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        auto *address = child<QLineEdit>(&page, QStringLiteral("addressLineEdit"));
        QTRY_COMPARE(QApplication::focusWidget(), address);
        // Address, « Ouvrir », « Terminer la démarche » (disabled: skipped), then the shortcuts.
        QTest::keyClick(address, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), child<QPushButton>(&page, QStringLiteral("openPushButton")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        auto *first = child<QPushButton>(&page, QStringLiteral("shortcut1PushButton"));
        QCOMPARE(QApplication::focusWidget(), first);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(
            QApplication::focusWidget(), child<QPushButton>(&page, QStringLiteral("shortcut2PushButton")));
        // Enter on a shortcut opens its site in a new démarche.
        QSignalSpy started(&page, &DemarchePage::demarcheStarted);
        QTest::keyClick(first, Qt::Key_Return);
        QCOMPARE(started.size(), 1);
        QCOMPARE(page.startUrl(), QUrl(QStringLiteral("http://127.0.0.1:9/sim")));
        QVERIFY(child<QPushButton>(&page, QStringLiteral("terminatePushButton"))->isEnabled());
        QSignalSpy home(&page, &DemarchePage::homeRequested);
        QTest::keyClick(child<QPushButton>(&page, QStringLiteral("homePushButton")), Qt::Key_Return);
        QCOMPARE(home.size(), 1);
        QVERIFY(page.isOpen()); // « Accueil » keeps the démarche
    }

    // --- The browser ------------------------------------------------------------------------------

    void profilePerDemarche()
    {
        ApiClient api;
        api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9")));
        DemarchePage page(&api);
        page.resize(900, 700);
        page.show();
        QVERIFY(!page.profile());
        QVERIFY(!child<QPushButton>(&page, QStringLiteral("terminatePushButton"))->isEnabled());

        // Refused: no browser is created for it.
        QVERIFY(!page.openUrl(QUrl(QStringLiteral("http://www.impots.gouv.fr/"))));
        QVERIFY(child<QLabel>(&page, QStringLiteral("errorLabel"))->isVisible());
        QVERIFY(!page.profile());

        QSignalSpy started(&page, &DemarchePage::demarcheStarted);
        QSignalSpy terminated(&page, &DemarchePage::demarcheTerminated);
        QVERIFY(page.openUrl(QUrl(QStringLiteral("http://127.0.0.1:9/site"))));
        QVERIFY(!child<QLabel>(&page, QStringLiteral("errorLabel"))->isVisible());
        QCOMPARE(started.size(), 1);
        QPointer<QWebEngineProfile> profile = page.profile();
        QPointer<QWebEngineView> view = page.view();
        QVERIFY(profile);
        QVERIFY(profile->isOffTheRecord());
        QVERIFY(profile != QWebEngineProfile::defaultProfile());
        QCOMPARE(view->page()->profile(), profile.data());
        QCOMPARE(page.startUrl(), QUrl(QStringLiteral("http://127.0.0.1:9/site")));
        // Another site in the same démarche: the same profile.
        QVERIFY(page.openUrl(QUrl(QStringLiteral("http://127.0.0.1:9/autre"))));
        QCOMPARE(page.profile(), profile.data());
        QCOMPARE(started.size(), 1);

        auto *terminate = child<QPushButton>(&page, QStringLiteral("terminatePushButton"));
        QVERIFY(terminate->isEnabled());
        QTest::mouseClick(terminate, Qt::LeftButton);
        QVERIFY(profile.isNull());
        QVERIFY(view.isNull());
        QVERIFY(!page.profile());
        QCOMPARE(terminated.size(), 1);
        QVERIFY(!terminate->isEnabled());
        QVERIFY(child<QLabel>(&page, QStringLiteral("startLabel"))->isVisible());

        // The next démarche: a new profile.
        QVERIFY(page.openUrl(QUrl(QStringLiteral("http://127.0.0.1:9/site"))));
        QVERIFY(page.profile());
        QCOMPARE(started.size(), 2);
    }

    void typedAddress()
    {
        ApiClient api;
        api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9")));
        DemarchePage page(&api);
        page.show();
        auto *address = child<QLineEdit>(&page, QStringLiteral("addressLineEdit"));
        address->setText(QStringLiteral("http://exemple.fr"));
        QTest::keyClick(address, Qt::Key_Return);
        QVERIFY(!page.isOpen());
        QVERIFY(child<QLabel>(&page, QStringLiteral("errorLabel"))->text().contains(QStringLiteral("https")));
        address->setText(QStringLiteral("http://127.0.0.1:9/typed"));
        QTest::keyClick(address, Qt::Key_Return);
        QVERIFY(page.isOpen());
        QCOMPARE(page.startUrl(), QUrl(QStringLiteral("http://127.0.0.1:9/typed")));
    }

    /// The whole journey against the stub: the site redirects to the server's /oidc/authorize, the
    /// aidant chooses, the server's redirect is loaded; another usager restarts in a new profile.
    void interceptChooseAndRestart()
    {
        StubHttpServer stub;
        QVERIFY(stub.listen());
        int requestCount = 0;
        bool failNext = false;
        const QByteArray usagersJson = QJsonDocument(
            QJsonDocument::fromJson(kRequestJson).object().value(QStringLiteral("usagers")).toArray())
                                           .toJson(QJsonDocument::Compact);
        stub.handler = [&](const StubHttpServer::Request &r) -> StubHttpServer::Response {
            const QString path = r.path();
            if (path == QLatin1String("/site/start"))
                return { 302, {}, "text/html",
                    stub.url(QStringLiteral("/oidc/authorize?response_type=code&state=s%1").arg(requestCount))
                        .toEncoded() };
            if (path.startsWith(QLatin1String("/site/")))
                return { 200, html(path.mid(6)), "text/html; charset=utf-8", {} };
            if (r.method == "POST" && path == QLatin1String("/api/v1/idp/requests")) {
                if (std::exchange(failNext, false))
                    return { 403,
                        "{\"error\":\"access_denied\",\"message\":\"Aucun mandat ne permet cette démarche.\","
                        "\"redirect\":\""
                            + stub.url(QStringLiteral("/site/refused")).toEncoded() + "\"}",
                        "application/json", {} };
                ++requestCount;
                return { 200,
                    "{\"id\":\"req-" + QByteArray::number(requestCount) + "\",\"usagers\":" + usagersJson
                        + "}",
                    "application/json", {} };
            }
            if (r.method == "POST" && path.endsWith(QLatin1String("/choice"))) {
                const QJsonObject body = r.json();
                return { 200,
                    "{\"redirect\":\""
                        + stub.url(QStringLiteral("/site/connected-%1-%2")
                                       .arg(body.value(QStringLiteral("usager_id")).toInteger())
                                       .arg(body.value(QStringLiteral("demarche")).toString()))
                              .toEncoded()
                        + "\"}",
                    "application/json", {} };
            }
            if (r.method == "POST" && path.endsWith(QLatin1String("/cancel")))
                return { 200,
                    "{\"redirect\":\"" + stub.url(QStringLiteral("/site/denied")).toEncoded() + "\"}",
                    "application/json", {} };
            return { 404, "{}", "application/json", {} };
        };

        ApiClient api;
        api.setBaseUrl(stub.url(QString()));
        api.setToken("session-token");
        DemarchePage page(&api);
        page.resize(900, 700);
        page.show();
        QSignalSpy choiceShown(&page, &DemarchePage::choiceShown);
        QSignalSpy restarted(&page, &DemarchePage::restartedForAnotherUsager);
        auto *usager = child<QLabel>(&page, QStringLiteral("usagerLabel"));
        auto pathShown = [&page] { return page.view() ? page.view()->url().path() : QString(); };

        // The site's redirect to /oidc/authorize is intercepted and handed to the server.
        QVERIFY(page.openUrl(stub.url(QStringLiteral("/site/start"))));
        QPointer<QWebEngineProfile> firstProfile = page.profile();
        QTRY_COMPARE_WITH_TIMEOUT(choiceShown.size(), 1, 30000);
        QCOMPARE(stub.requestsTo(QStringLiteral("/oidc/authorize")).size(), 0); // never loaded
        const QList<StubHttpServer::Request> created
            = stub.requestsTo(QStringLiteral("/api/v1/idp/requests"));
        QCOMPARE(created.size(), 1);
        QCOMPARE(created.first().authorization, QByteArray("Bearer session-token"));
        const QUrl authorize(created.first().json().value(QStringLiteral("authorize_url")).toString());
        QCOMPARE(authorize.path(), QStringLiteral("/oidc/authorize"));
        QCOMPARE(authorize.query(), QStringLiteral("response_type=code&state=s0"));
        QCOMPARE(page.pendingRequestId(), QStringLiteral("req-1"));
        QVERIFY(page.choiceWidget()->isVisible());
        QVERIFY(!usager->isVisible());

        // Angela DUBOIS, « Transports »: the server's redirect is loaded in the same page.
        QVERIFY(page.choiceWidget()->showDemarches(1));
        QTest::mouseClick(
            child<QCommandLinkButton>(&page, QStringLiteral("transportsDemarcheCommandLinkButton")),
            Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(pathShown(), QStringLiteral("/site/connected-1-transports"), 30000);
        QCOMPARE(stub.requestsTo(QStringLiteral("/api/v1/idp/requests/req-1/choice")).size(), 1);
        QVERIFY(page.view()->isVisible());
        QVERIFY(usager->isVisible());
        QCOMPARE(usager->text(), QStringLiteral("Démarche en cours pour : Angela DUBOIS"));
        QCOMPARE(page.currentUsagerId(), 1);
        QCOMPARE(page.profile(), firstProfile.data());

        // FranceConnect again, « Annuler »: the cancellation's redirect is loaded.
        page.view()->load(stub.url(QStringLiteral("/site/start")));
        QTRY_COMPARE_WITH_TIMEOUT(choiceShown.size(), 2, 30000);
        QCOMPARE(page.pendingRequestId(), QStringLiteral("req-2"));
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("cancelPushButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(pathShown(), QStringLiteral("/site/denied"), 30000);
        QCOMPARE(stub.requestsTo(QStringLiteral("/api/v1/idp/requests/req-2/cancel")).size(), 1);
        QCOMPARE(usager->text(), QStringLiteral("Démarche en cours pour : Angela DUBOIS"));

        // An error with a redirect: the message, and the redirect back to FranceConnect.
        failNext = true;
        page.view()->load(stub.url(QStringLiteral("/site/start")));
        QTRY_COMPARE_WITH_TIMEOUT(pathShown(), QStringLiteral("/site/refused"), 30000);
        auto *error = child<QLabel>(&page, QStringLiteral("errorLabel"));
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), QStringLiteral("Aucun mandat ne permet cette démarche."));

        // Another usager: the démarche restarts in a new profile, on the start URL.
        page.view()->load(stub.url(QStringLiteral("/site/start")));
        QTRY_COMPARE_WITH_TIMEOUT(choiceShown.size(), 3, 30000);
        QVERIFY(!error->isVisible());
        auto *search = child<QLineEdit>(&page, QStringLiteral("usagerSearchLineEdit"));
        search->setText(QStringLiteral("lefevre"));
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(restarted.size(), 1);
        QVERIFY(firstProfile.isNull());
        QVERIFY(page.profile());
        QVERIFY(!usager->isVisible());
        auto *info = child<QLabel>(&page, QStringLiteral("infoLabel"));
        QVERIFY(info->isVisible());
        QVERIFY(info->text().contains(QStringLiteral("Angela DUBOIS")));
        QVERIFY(info->text().contains(QStringLiteral("Éloïse LEFÈVRE")));
        // The new profile goes through FranceConnect again; the usager chosen is kept.
        QTRY_COMPARE_WITH_TIMEOUT(choiceShown.size(), 4, 30000);
        QVERIFY(page.choiceWidget()->isShowingDemarches());
        QCOMPARE(page.choiceWidget()->selectedUsagerId(), 2);
        QTest::mouseClick(
            child<QCommandLinkButton>(&page, QStringLiteral("familleDemarcheCommandLinkButton")),
            Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(pathShown(), QStringLiteral("/site/connected-2-famille"), 30000);
        QCOMPARE(usager->text(), QStringLiteral("Démarche en cours pour : Éloïse LEFÈVRE"));
        // The abandoned request was cancelled at the server.
        QTRY_COMPARE(stub.requestsTo(QStringLiteral("/api/v1/idp/requests/req-3/cancel")).size(), 1);

        // Terminer la démarche: nothing left.
        QPointer<QWebEngineProfile> secondProfile = page.profile();
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("terminatePushButton")), Qt::LeftButton);
        QVERIFY(secondProfile.isNull());
        QVERIFY(!usager->isVisible());
        QCOMPARE(page.currentUsagerId(), 0);
    }
};

int main(int argc, char *argv[])
{
    return GuiTest::webEngineTestMain<TestDemarcheBrowser>(argc, argv);
}

#include "testDemarcheBrowser.moc"
