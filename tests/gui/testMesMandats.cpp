// « Mes mandats » in the window, offscreen, against the real server: the first sync fills the
// encrypted cache, search finds an usager by an accent-free name, a démarche is revoked, a mandat
// reprinted identically and renewed; the cache keeps working when the server is gone; logout wipes it.
#include "GuiTestSupport.h"
#include "KeyStore.h"
#include "MainWindow.h"
#include "MandatFixture.h"
#include "MandatPrinter.h"
#include "MandatWizard.h"
#include "MemoryKeyStore.h"
#include "Session.h"
#include "Settings.h"
#include "SyncEngine.h"
#include "mandats/MandatsController.h"
#include "mandats/MandatsPage.h"
#include "mandats/UsagerPage.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

namespace {
constexpr int kTimeoutMs = 20000;

template<typename T> T *child(QObject *root, const char *name)
{
    auto *object = root->findChild<T *>(QString::fromLatin1(name));
    if (!object)
        qFatal("no child %s", name);
    return object;
}
} // namespace

class TestMesMandats : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<MandatFixture> m_fixture;
    QTemporaryDir m_configDir;
    MandatInfo m_joelle;
    MandatInfo m_angela;

    static void snapshot(QWidget &window, const QString &name) { GuiTest::snapshot(window, name); }

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.franceConnect = true;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_fixture = std::make_unique<MandatFixture>(*m_server);
        // Two mandats of the organisation, made by a colleague.
        const auto colleague = m_fixture->newAidant();
        m_joelle = MandatInfo::fromJson(m_fixture->createMandat(colleague,
            { QStringLiteral("papiers"), QStringLiteral("social") }, QStringLiteral("caractères_spéciaux")));
        const auto other = m_fixture->newAidant();
        m_angela = MandatInfo::fromJson(
            m_fixture->createMandat(other, { QStringLiteral("famille") }, QStringLiteral("test")));
        QVERIFY(m_joelle.id > 0 && m_angela.id > 0);

        GuiTest::useServer(m_configDir.path(), *m_server);
    }

    void cleanupTestCase()
    {
        Settings::setConfigDirOverride(QString());
        m_fixture.reset();
        m_server.reset();
    }

    void searchRevokeReprintRenewOfflineLogout()
    {
        MainWindow window;
        window.mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Log in (a fresh aidant of the organisation, CGU already accepted).
        GuiTest::logIn(window, *m_server, *m_fixture, kTimeoutMs);
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("HomePage"))->isVisible());

        // Mes mandats: the first sync brings both usagers.
        auto *home = window.findChild<QWidget *>(QStringLiteral("HomePage"));
        auto *mandatsButton = child<QPushButton>(home, "mandatsPushButton");
        QVERIFY(mandatsButton->isEnabled());
        QTest::mouseClick(mandatsButton, Qt::LeftButton);
        MandatsPage *list = window.mandatsController()->mandatsPage();
        QTRY_VERIFY(list->isVisible());
        {
            // The keep-alive (while the aidant works locally) refreshes the session without moving
            // the aidant back to the home page.
            QSignalSpy refreshed(window.session(), &Session::infoChanged);
            window.session()->keepAlive();
            QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, kTimeoutMs);
            QVERIFY(list->isVisible());
        }
        QTRY_COMPARE_WITH_TIMEOUT(list->visibleCount(), 2, kTimeoutMs);
        snapshot(window, QStringLiteral("mes-mandats"));
        QVERIFY(QFile::exists(window.mandatsController()->cachePath()));

        // Type-ahead without accents or case.
        auto *search = child<QLineEdit>(list, "searchLineEdit");
        QTest::keyClicks(search, QStringLiteral("joelle dubinore"));
        QTRY_COMPARE(list->visibleCount(), 1);
        QTest::keyClick(search, Qt::Key_Return);
        UsagerPage *usager = window.mandatsController()->usagerPage();
        QTRY_VERIFY(usager->isVisible());
        QVERIFY(child<QLabel>(usager, "nameLabel")->text().contains(QStringLiteral("DUBINÔRE")));
        QVERIFY(!window.windowTitle().contains(QStringLiteral("DUBIN"))); // no personal data in the title
        snapshot(window, QStringLiteral("usager"));

        // Reprint: the very document of the original mandat.
        QString printed;
        usager->setPreviewHandler(
            [&](const QTextDocument &document, QWidget *) { printed = document.toPlainText(); });
        usager->select(m_joelle.id);
        QTest::mouseClick(child<QPushButton>(usager, "reprintPushButton"), Qt::LeftButton);
        QVERIFY(printed.contains(m_joelle.attestationHash));
        MandatInfo original = m_joelle;
        QCOMPARE(printed, MandatPrinter::document(original, MandatDocument::Kind::Final)->toPlainText());

        // Revoke one démarche, after a confirmation naming it and the usager.
        QString question;
        usager->setConfirmHandler([&](QWidget *, const QString &, const QString &text) {
            question = text;
            return true;
        });
        const AutorisationInfo papiers = m_joelle.autorisations.first();
        usager->select(m_joelle.id, papiers.id);
        QTest::mouseClick(child<QPushButton>(usager, "revokeAutorisationPushButton"), Qt::LeftButton);
        QVERIFY(question.contains(QStringLiteral("DUBINÔRE")));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_fixture->count(
                QStringLiteral("SELECT COUNT(*) FROM autorisations WHERE id = %1 AND revoked_at IS NOT NULL")
                    .arg(papiers.id)),
            1, kTimeoutMs);
        // The page shows it after the sync that follows.
        QTRY_VERIFY_WITH_TIMEOUT(
            usager->selectedMandat() &&
                [&] {
                    for (const AutorisationInfo &a : usager->selectedMandat()->autorisations)
                        if (a.id == papiers.id)
                            return a.revokedAtMs > 0;
                    return false;
                }(),
            kTimeoutMs);

        // Renew: the wizard opens in renewal mode for this mandat.
        usager->select(m_joelle.id);
        QTest::mouseClick(child<QPushButton>(usager, "renewPushButton"), Qt::LeftButton);
        QTRY_VERIFY(window.mandatWizard());
        QVERIFY(window.mandatWizard()->isRenewal());
        QCOMPARE(window.mandatWizard()->renewedMandatId(), m_joelle.id);
        window.mandatWizard()->reject();
        QTRY_VERIFY(!window.mandatWizard());

        // The server goes away: the cache still answers, read-only, and says so.
        QTest::mouseClick(mandatsButton, Qt::LeftButton);
        QTRY_VERIFY(list->isVisible());
        m_server->stop();
        QTest::mouseClick(child<QPushButton>(list, "syncPushButton"), Qt::LeftButton);
        auto *offline = child<QLabel>(list, "offlineLabel");
        QTRY_VERIFY_WITH_TIMEOUT(offline->isVisible(), kTimeoutMs);
        QVERIFY(offline->text().startsWith(QStringLiteral("Hors ligne")));
        snapshot(window, QStringLiteral("hors-ligne"));
        search->clear();
        QTest::keyClicks(search, QStringLiteral("DUBOIS"));
        QTRY_COMPARE(list->visibleCount(), 1);
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(usager->isVisible());
        usager->select(m_angela.id, m_angela.autorisations.first().id);
        QVERIFY(!child<QPushButton>(usager, "revokeAutorisationPushButton")->isEnabled());
        QVERIFY(child<QPushButton>(usager, "reprintPushButton")->isEnabled());

        // The server is back: the next sync clears the offline state and the actions come back.
        QVERIFY(m_server->restart());
        QTest::mouseClick(child<QPushButton>(usager, "backPushButton"), Qt::LeftButton);
        QTRY_VERIFY(list->isVisible());
        QTest::mouseClick(child<QPushButton>(list, "syncPushButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!offline->isVisible(), kTimeoutMs);
        QCOMPARE(list->visibleCount(), 1); // the search typed offline is kept

        // Logging out removes the cache.
        const QString cache = window.mandatsController()->cachePath();
        window.session()->logout();
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(cache), kTimeoutMs);
    }
};

int main(int argc, char *argv[])
{
    return GuiTest::webEngineTestMain<TestMesMandats>(argc, argv);
}

#include "testMesMandats.moc"
