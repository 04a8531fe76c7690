// « Réaliser une démarche » end to end, offscreen, with the real WebEngine, server and FranceConnect
// simulator: the demo service provider → FranceConnect → « Vous êtes un aidant professionnel » →
// the native usager and démarche choice → the demo page shows the usager's identity and démarche.
#include "GuiTestSupport.h"
#include "KeyStore.h"
#include "MainWindow.h"
#include "MandatFixture.h"
#include "MemoryKeyStore.h"
#include "Session.h"
#include "Settings.h"
#include "demarche/DemarchePage.h"
#include "demarche/IdpChoiceWidget.h"
#include "mandats/MandatsController.h"

#include <QAbstractButton>
#include <QApplication>
#include <QColor>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineView>

namespace {
constexpr int kTimeoutMs = 30000;

/// Runs @p script in @p page and returns its result as text (empty when the page is gone).
QString evaluate(QWebEnginePage *page, const QString &script)
{
    if (!page)
        return {};
    QString result;
    bool done = false;
    page->runJavaScript(script, [&](const QVariant &value) {
        result = value.toString();
        done = true;
    });
    QDeadlineTimer deadline(10000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(20);
    return result;
}

QString elementText(QWebEngineView *view, const QString &id)
{
    return evaluate(view ? view->page() : nullptr,
        QStringLiteral("(function(){var e=document.getElementById('%1');return e?e.textContent:'<none>';})()")
            .arg(id));
}
} // namespace

class TestDemarcheEndToEnd : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<MandatFixture> m_fixture;
    QTemporaryDir m_configDir;

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.franceConnect = true;
        options.identityProvider = QStringLiteral("ES256");
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_fixture = std::make_unique<MandatFixture>(*m_server);
        // Angela DUBOIS has a mandat for papiers and transports; Joëlle for famille only.
        QVERIFY(!m_fixture
                     ->createMandat(m_fixture->newAidant(),
                         { QStringLiteral("papiers"), QStringLiteral("transports") }, QStringLiteral("test"))
                     .isEmpty());
        QVERIFY(!m_fixture
                     ->createMandat(m_fixture->newAidant(), { QStringLiteral("famille") },
                         QStringLiteral("caractères_spéciaux"))
                     .isEmpty());

        QUrl demo = m_server->franceConnect()->demoServiceProvider();
        demo.setQuery(QStringLiteral("rep_scope=transports"));
        GuiTest::useServer(m_configDir.path(), *m_server,
            { { QStringLiteral("demarche_shortcuts"),
                QStringList { QStringLiteral("Démo démarche en ligne|") + demo.toString() } } });
    }

    void cleanupTestCase()
    {
        Settings::setConfigDirOverride(QString());
        m_fixture.reset();
        m_server.reset();
    }

    void demoSiteLoggedInAsTheUsager()
    {
        MainWindow window;
        window.mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        window.resize(1200, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        GuiTest::logIn(window, *m_server, *m_fixture, kTimeoutMs);
        auto *home = window.findChild<QWidget *>(QStringLiteral("HomePage"));
        QVERIFY(home->isVisible());
        const qint64 usesBefore = m_fixture->journal(QStringLiteral("use_autorisation"));

        // Accueil → « Réaliser une démarche » → the configured demo site.
        auto *demarcheButton = GuiTest::child<QPushButton>(home, "demarchePushButton");
        QVERIFY(demarcheButton->isEnabled());
        QTest::mouseClick(demarcheButton, Qt::LeftButton);
        DemarchePage *page = window.demarchePage();
        QTRY_VERIFY(page->isVisible());
        QTest::mouseClick(GuiTest::child<QPushButton>(page, "shortcut1PushButton"), Qt::LeftButton);
        QTRY_VERIFY(page->isOpen());
        QPointer<QWebEngineProfile> firstProfile = page->profile();
        QVERIFY(firstProfile->isOffTheRecord());

        // The site's « S'identifier avec FranceConnect », then FranceConnect's « aidant professionnel ».
        QTRY_COMPARE_WITH_TIMEOUT(elementText(page->view(), QStringLiteral("fc-login")).trimmed(),
            QStringLiteral("S'identifier avec FranceConnect"), kTimeoutMs);
        GuiTest::snapshot(window, QStringLiteral("demarche-site"));
        evaluate(page->view()->page(), QStringLiteral("document.getElementById('fc-login').click()"));
        QTRY_VERIFY_WITH_TIMEOUT(elementText(page->view(), QStringLiteral("aidants-connect"))
                                     .contains(QStringLiteral("Vous êtes un aidant professionnel")),
            kTimeoutMs);
        GuiTest::snapshot(window, QStringLiteral("demarche-franceconnect"));
        QSignalSpy choiceShown(page, &DemarchePage::choiceShown);
        evaluate(page->view()->page(), QStringLiteral("document.getElementById('aidants-connect').click()"));

        // Native choice: only usagers with a mandat covering the requested démarche.
        QTRY_COMPARE_WITH_TIMEOUT(choiceShown.count(), 1, kTimeoutMs);
        IdpChoiceWidget *choice = page->choiceWidget();
        auto *list = GuiTest::child<QListWidget>(choice, "usagersListWidget");
        QCOMPARE(list->count(), 1); // Joëlle's mandat does not cover transports
        QVERIFY(list->item(0)->text().contains(QStringLiteral("DUBOIS")));
        GuiTest::snapshot(window, QStringLiteral("demarche-usager"));
        auto *search = GuiTest::child<QLineEdit>(choice, "usagerSearchLineEdit");
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("angela"));
        QTest::keyClick(search, Qt::Key_Return);
        auto *transports = GuiTest::child<QAbstractButton>(choice, "transportsDemarcheCommandLinkButton");
        QTRY_VERIFY(transports->isVisible());
        QVERIFY(!choice->findChild<QAbstractButton *>(QStringLiteral("papiersDemarcheCommandLinkButton"))
            || !choice->findChild<QAbstractButton *>(QStringLiteral("papiersDemarcheCommandLinkButton"))
                    ->isVisible());
        GuiTest::snapshot(window, QStringLiteral("demarche-choix"));
        // Readable as the window's style draws it, also as the focused default button: a light
        // background under the dark title (it was dark on dark).
        transports->setFocus();
        const QImage drawn = transports->grab().toImage();
        qint64 light = 0;
        for (int y = 0; y < drawn.height(); ++y) {
            for (int x = 0; x < drawn.width(); ++x)
                light += QColor(drawn.pixel(x, y)).lightness() > 160 ? 1 : 0;
        }
        QVERIFY2(light * 2 > qint64(drawn.width()) * drawn.height(), "the démarche button is drawn dark");
        QTest::mouseClick(transports, Qt::LeftButton);

        // Back on the site, logged in as Angela for « transports ».
        QTRY_COMPARE_WITH_TIMEOUT(elementText(page->view(), QStringLiteral("given_name")),
            QStringLiteral("Angela Claire Louise"), kTimeoutMs);
        QCOMPARE(elementText(page->view(), QStringLiteral("family_name")), QStringLiteral("DUBOIS"));
        QCOMPARE(elementText(page->view(), QStringLiteral("birthdate")), QStringLiteral("1962-08-24"));
        QCOMPARE(elementText(page->view(), QStringLiteral("rep_scope")), QStringLiteral("transports"));
        QVERIFY(GuiTest::child<QLabel>(page, "usagerLabel")->text().contains(QStringLiteral("DUBOIS")));
        GuiTest::snapshot(window, QStringLiteral("demarche-connecte"));
        QCOMPARE(m_fixture->journal(QStringLiteral("use_autorisation")), usesBefore + 1);
        // A keep-alive of the session leaves the aidant in the démarche.
        QSignalSpy refreshed(window.session(), &Session::infoChanged);
        window.session()->keepAlive();
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, kTimeoutMs);
        QVERIFY(page->isVisible());

        // The site hands out a receipt: saved where the aidant chooses (the file dialog, replaced here).
        QTemporaryDir downloads;
        QString suggested;
        page->setSaveLocationChooser([&](const QString &name) {
            suggested = name;
            return downloads.filePath(QStringLiteral("récépissé Angela.pdf"));
        });
        QSignalSpy saved(page, &DemarchePage::documentSaved);
        evaluate(page->view()->page(), QStringLiteral("document.getElementById('receipt').click()"));
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, kTimeoutMs);
        QCOMPARE(suggested, QStringLiteral("recepisse-demo.pdf"));
        QFile receipt(downloads.filePath(QStringLiteral("récépissé Angela.pdf")));
        QVERIFY(receipt.open(QIODevice::ReadOnly));
        QVERIFY(receipt.readAll().startsWith("%PDF-1.4"));
        QVERIFY(GuiTest::child<QLabel>(page, "infoLabel")
                    ->text()
                    .contains(QStringLiteral("Document enregistré")));
        // A refused save (the dialog cancelled) writes nothing.
        page->setSaveLocationChooser([](const QString &) { return QString(); });
        evaluate(page->view()->page(), QStringLiteral("document.getElementById('receipt').click()"));
        QTest::qWait(1000);
        QCOMPARE(saved.count(), 1);
        QCOMPARE(QDir(downloads.path()).entryList(QDir::Files).size(), 1);

        // « Terminer la démarche » destroys the browser and its profile (cookies of the usager's session).
        QTest::mouseClick(GuiTest::child<QPushButton>(page, "terminatePushButton"), Qt::LeftButton);
        QTRY_VERIFY(firstProfile.isNull());
        QVERIFY(!page->isOpen());
    }
};

int main(int argc, char *argv[])
{
    return GuiTest::webEngineTestMain<TestDemarcheEndToEnd>(argc, argv);
}

#include "testDemarcheEndToEnd.moc"
