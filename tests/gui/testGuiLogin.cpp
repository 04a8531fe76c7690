#include "ApiClient.h"
#include "MainWindow.h"
#include "Session.h"
#include "Settings.h"
#include "TestServer.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kGenericLoginError
    = QStringLiteral("Les informations saisies ne permettent pas de vous identifier.");
constexpr int kIdleSeconds = 3;
constexpr int kNetworkTimeoutMs = 15000;

} // namespace

/// The client end to end against a real server: login, CGU, home, idle lock, unlock, logout.
class TestGuiLogin final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.idleTimeoutSeconds = kIdleSeconds;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        QVERIFY(m_configDir.isValid());
        QSettings user(m_configDir.filePath(QStringLiteral("user.conf")), QSettings::IniFormat);
        user.setValue(QStringLiteral("server_url"), m_server->baseUrl().toString());
        user.sync();
        Settings::setConfigDirOverride(m_configDir.path());
    }

    void cleanupTestCase()
    {
        Settings::setConfigDirOverride(QString());
        m_server.reset();
    }

    void init()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(page(QStringLiteral("LoginPage"))->isVisible());
    }

    void cleanup() { m_window.reset(); }

    void loginCguHomeLockUnlockLogout()
    {
        const TestServer::Account aidant = m_server->aidant();
        auto *email = child<QLineEdit>("emailLineEdit");
        auto *code = child<QLineEdit>("codeLineEdit");
        auto *validate = child<QPushButton>("validatePushButton", page(QStringLiteral("LoginPage")));

        // Keyboard only: type, then Return submits.
        QTest::keyClicks(email, aidant.email);
        QTest::keyClicks(code, m_server->nextCode(aidant));
        QTest::keyClick(code, Qt::Key_Return);
        QVERIFY(!validate->isEnabled()); // busy while the request runs, GUI thread free
        QCOMPARE(validate->text(), QStringLiteral("Connexion en cours…"));

        // The fixture aidant has not accepted the CGU yet.
        QTRY_VERIFY_WITH_TIMEOUT(page(QStringLiteral("CguPage"))->isVisible(), kNetworkTimeoutMs);
        auto *cguValidate = child<QPushButton>("validatePushButton", page(QStringLiteral("CguPage")));
        auto *cguError = child<QLabel>("errorLabel", page(QStringLiteral("CguPage")));
        QTest::mouseClick(cguValidate, Qt::LeftButton);
        QVERIFY(cguError->isVisible()); // must tick the box first
        QVERIFY(page(QStringLiteral("CguPage"))->isVisible());
        child<QCheckBox>("acceptCheckBox")->setChecked(true);
        QTest::mouseClick(cguValidate, Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(page(QStringLiteral("HomePage"))->isVisible(), kNetworkTimeoutMs);
        QVERIFY(m_window->session()->info().cguAccepted());
        auto *welcome = child<QLabel>("welcomeLabel");
        QVERIFY2(welcome->text().contains(aidant.firstName), qPrintable(welcome->text()));
        QVERIFY(welcome->text().startsWith(QStringLiteral("Bienvenue sur votre Espace Aidant")));
        QVERIFY(
            child<QLabel>("organisationLabel")->text().contains(QStringLiteral("France Services de Test")));
        QVERIFY(!child<QPushButton>("referentPushButton")->isVisible()); // not a référent
        QVERIFY(child<QPushButton>("createMandatPushButton")->isEnabled()); // the mandat wizard
        QVERIFY(child<QPushButton>("mandatsPushButton")->isEnabled()); // Mes mandats
        QVERIFY(child<QPushButton>("demarchePushButton")->isEnabled()); // Réaliser une démarche
        QVERIFY(child<QPushButton>("helpPushButton", page(QStringLiteral("HomePage")))->isEnabled());

        // The help dialog opens without blocking and closes from the test hook.
        QTest::mouseClick(
            child<QPushButton>("helpPushButton", page(QStringLiteral("HomePage"))), Qt::LeftButton);
        QTRY_VERIFY(m_window->openDialog() && m_window->openDialog()->isVisible());
        QPointer<QDialog> help = m_window->openDialog();

        // Idle: no user input for the server's idle timeout → locked, help closed.
        QTRY_VERIFY_WITH_TIMEOUT(page(QStringLiteral("LockPage"))->isVisible(), (kIdleSeconds + 5) * 1000);
        QTRY_VERIFY(!help);
        QVERIFY(!page(QStringLiteral("HomePage"))->isVisible());
        const QStringList personal { aidant.firstName, aidant.lastName, aidant.email,
            QStringLiteral("France Services de Test") };
        for (const QString &text : visibleTexts()) {
            for (const QString &secret : personal)
                QVERIFY2(!text.contains(secret, Qt::CaseInsensitive), qPrintable(text));
        }
        for (const QString &secret : personal)
            QVERIFY(!m_window->windowTitle().contains(secret, Qt::CaseInsensitive));
        QVERIFY(child<QLabel>("welcomeLabel")->text().isEmpty()); // cleared, not merely hidden
        QVERIFY(child<QLabel>("messageLabel")->text().contains(QStringLiteral("3 secondes")));

        // A wrong format is refused in place.
        auto *unlockCode = child<QLineEdit>("unlockCodeLineEdit");
        auto *lockError = child<QLabel>("errorLabel", page(QStringLiteral("LockPage")));
        QTest::keyClicks(unlockCode, QStringLiteral("12"));
        QTest::keyClick(unlockCode, Qt::Key_Return);
        QCOMPARE(lockError->text(), QStringLiteral("Le code doit comporter exactement 6 chiffres."));

        // A fresh code unlocks and brings the home back.
        unlockCode->clear();
        QTest::keyClicks(unlockCode, m_server->nextCode(aidant));
        QTest::mouseClick(child<QPushButton>("unlockPushButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page(QStringLiteral("HomePage"))->isVisible(), kNetworkTimeoutMs);
        QVERIFY(child<QLabel>("welcomeLabel")->text().contains(aidant.firstName));
        QVERIFY(!m_window->session()->isLocked());

        // Logout at any time: back to the login page, and the server forgot the token.
        const QByteArray token = m_window->apiClient()->token();
        QVERIFY(!token.isEmpty());
        QTest::mouseClick(
            child<QPushButton>("logoutPushButton", page(QStringLiteral("HomePage"))), Qt::LeftButton);
        QVERIFY(page(QStringLiteral("LoginPage"))->isVisible());
        QVERIFY(!m_window->session()->isOpen());
        QVERIFY(child<QLineEdit>("codeLineEdit")->text().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->apiClient()->findChildren<QNetworkReply *>().isEmpty(), kNetworkTimeoutMs);
        ApiClient probe;
        probe.setBaseUrl(m_server->baseUrl());
        probe.setToken(token);
        QString errorCode;
        probe.me(this, [&](const Result<SessionInfo> &r) {
            errorCode = r.ok() ? QStringLiteral("ok") : r.error().code;
        });
        QTRY_VERIFY_WITH_TIMEOUT(!errorCode.isEmpty(), kNetworkTimeoutMs);
        QCOMPARE(errorCode, QStringLiteral("unauthenticated"));
    }

    void wrongCodeShowsGenericErrorAndClearsCode()
    {
        const TestServer::Account referent = m_server->referent();
        auto *code = child<QLineEdit>("codeLineEdit");
        auto *error = child<QLabel>("errorLabel", page(QStringLiteral("LoginPage")));
        QTest::keyClicks(child<QLineEdit>("emailLineEdit"), referent.email);
        QTest::keyClicks(code, wrongCode(referent));
        QTest::mouseClick(
            child<QPushButton>("validatePushButton", page(QStringLiteral("LoginPage"))), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(error->text(), kGenericLoginError, kNetworkTimeoutMs);
        QVERIFY(error->isVisible());
        QVERIFY(code->text().isEmpty());
        QVERIFY(page(QStringLiteral("LoginPage"))->isVisible());
        QVERIFY(child<QPushButton>("validatePushButton", page(QStringLiteral("LoginPage")))->isEnabled());
    }

    void clientSideValidationSendsNothing()
    {
        auto *email = child<QLineEdit>("emailLineEdit");
        auto *code = child<QLineEdit>("codeLineEdit");
        auto *error = child<QLabel>("errorLabel", page(QStringLiteral("LoginPage")));
        auto *validate = child<QPushButton>("validatePushButton", page(QStringLiteral("LoginPage")));

        QTest::keyClicks(email, m_server->aidant().email);
        QTest::keyClicks(code, QStringLiteral("12a"));
        QTest::mouseClick(validate, Qt::LeftButton);
        QCOMPARE(error->text(), QStringLiteral("Le code doit comporter exactement 6 chiffres."));
        QVERIFY(error->isVisible());
        QVERIFY(validate->isEnabled());
        QVERIFY(m_window->apiClient()->findChildren<QNetworkReply *>().isEmpty());

        email->clear();
        QTest::keyClicks(email, QStringLiteral("pas-une-adresse"));
        code->clear();
        QTest::keyClicks(code, QStringLiteral("123456"));
        QTest::mouseClick(validate, Qt::LeftButton);
        QVERIFY(error->text().startsWith(QStringLiteral("L'adresse email n'est pas valide")));
        QVERIFY(m_window->apiClient()->findChildren<QNetworkReply *>().isEmpty());
    }

    void settingsDialogValidatesInPlace()
    {
        QTest::mouseClick(
            child<QPushButton>("settingsPushButton", page(QStringLiteral("LoginPage"))), Qt::LeftButton);
        QTRY_VERIFY(m_window->openDialog() && m_window->openDialog()->isVisible());
        QDialog *dialog = m_window->openDialog();
        auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("serverUrlLineEdit"));
        QVERIFY(url);
        QCOMPARE(url->text(), m_server->baseUrl().toString());
        QVERIFY(!url->isReadOnly());
        url->clear();
        QTest::keyClicks(url, QStringLiteral("ftp://exemple.fr"));
        QTest::keyClick(url, Qt::Key_Return); // the default button: Enregistrer
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
        QVERIFY(error->isVisible());
        QVERIFY(error->text().contains(QStringLiteral("https://")));
        QVERIFY(dialog->isVisible());
        QTest::keyClick(url, Qt::Key_Escape);
        QTRY_VERIFY(!m_window->openDialog());
        QCOMPARE(m_window->apiClient()->baseUrl(), m_server->baseUrl()); // unchanged
    }

    void settingsReadOnlyWhenLockedByMachine()
    {
        QTemporaryDir dir;
        QSettings machine(dir.filePath(QStringLiteral("machine.conf")), QSettings::IniFormat);
        machine.setValue(QStringLiteral("server_url"), QStringLiteral("https://ac.exemple.fr"));
        machine.setValue(QStringLiteral("lock_server_url"), true);
        machine.sync();
        Settings::setConfigDirOverride(dir.path());
        MainWindow window;
        Settings::setConfigDirOverride(m_configDir.path());
        window.show();
        QTest::mouseClick(window.findChild<QWidget *>(QStringLiteral("LoginPage"))
                              ->findChild<QPushButton *>(QStringLiteral("settingsPushButton")),
            Qt::LeftButton);
        QTRY_VERIFY(window.openDialog() && window.openDialog()->isVisible());
        auto *url = window.openDialog()->findChild<QLineEdit *>(QStringLiteral("serverUrlLineEdit"));
        QCOMPARE(url->text(), QStringLiteral("https://ac.exemple.fr"));
        QVERIFY(url->isReadOnly());
        QVERIFY(window.openDialog()->findChild<QLabel *>(QStringLiteral("lockedLabel"))->isVisible());
        window.openDialog()->reject();
        QTRY_VERIFY(!window.openDialog());
    }

    void everyInteractiveWidgetHasAnAccessibleName()
    {
        for (QWidget *widget : m_window->findChildren<QWidget *>()) {
            if (qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget))
                QVERIFY2(!widget->accessibleName().isEmpty(),
                    qPrintable(widget->objectName() + QLatin1Char(' ')
                        + QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char(' ')
                        + (widget->parentWidget() ? widget->parentWidget()->objectName() : QString())));
        }
    }

private:
    QWidget *page(const QString &name) const
    {
        auto *widget = m_window->findChild<QWidget *>(name);
        Q_ASSERT(widget);
        return widget;
    }

    template<typename T> T *child(const char *name, QWidget *parent = nullptr) const
    {
        QWidget *root = parent ? parent : m_window.get();
        auto *widget = root->findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget %s", name);
        return widget;
    }

    QStringList visibleTexts() const
    {
        QStringList texts;
        for (QLabel *label : m_window->findChildren<QLabel *>()) {
            if (label->isVisible())
                texts << label->text();
        }
        for (QLineEdit *edit : m_window->findChildren<QLineEdit *>()) {
            if (edit->isVisible())
                texts << edit->text();
        }
        for (QAbstractButton *button : m_window->findChildren<QAbstractButton *>()) {
            if (button->isVisible())
                texts << button->text();
        }
        return texts;
    }

    /// A code different from those valid around now.
    static QString wrongCode(const TestServer::Account &account)
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QStringList valid;
        for (int step = -3; step <= 3; ++step)
            valid << TestServer::codeFor(account, now + qint64(step) * account.stepSeconds);
        for (int candidate = 0;; candidate += 111111) {
            const QString code = QStringLiteral("%1").arg(candidate % 1000000, 6, 10, QLatin1Char('0'));
            if (!valid.contains(code))
                return code;
        }
    }

    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_configDir;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestGuiLogin)
#include "testGuiLogin.moc"
