#pragma once

// What the window-level GUI tests share: finding named widgets, screenshots on demand, logging a
// fresh aidant in through the login page, and a main() that Qt WebEngine accepts.

#include "MainWindow.h"
#include "MandatFixture.h"
#include "Settings.h"
#include "WebEngineTestMain.h"

#include <QApplication>
#include <QLineEdit>
#include <QSettings>
#include <QTest>
#include <QVariantMap>
#include <QWidget>

namespace GuiTest {

/// The descendant of @p root named @p name; aborts the test binary when there is none.
template<typename T> T *child(QObject *root, const char *name)
{
    auto *object = root->findChild<T *>(QString::fromLatin1(name));
    if (!object)
        qFatal("no child %s", name);
    return object;
}

/// With AC_SCREENSHOT_DIR set, saves @p window as it is (to look at the screens).
inline void snapshot(QWidget &window, const QString &name)
{
    const QString dir = qEnvironmentVariable("AC_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        window.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

/// Points the client's settings at @p server: a user.conf in @p configDir with its URL and @p more
/// keys, and the settings directory override (undone with Settings::setConfigDirOverride({})).
inline void useServer(const QString &configDir, const TestServer &server, const QVariantMap &more = {})
{
    QSettings user(configDir + QStringLiteral("/user.conf"), QSettings::IniFormat);
    user.setValue(QStringLiteral("server_url"), server.baseUrl().toString());
    for (auto it = more.begin(); it != more.end(); ++it)
        user.setValue(it.key(), it.value());
    user.sync();
    Settings::setConfigDirOverride(configDir);
}

/// Logs a fresh aidant of the organisation (CGU accepted) in through @p window's login page and
/// waits for the home page (a failure is recorded; callers check the home page is shown).
/// Types a fresh aidant's email and code (CGU accepted) into @p window's login page and presses
/// Return, without waiting for the answer.
inline void submitLogin(MainWindow &window, TestServer &server, MandatFixture &fixture)
{
    const MandatFixture::Aidant aidant = fixture.newAidant();
    server.runSqlBehindServer(
        QStringLiteral("UPDATE aidants SET cgu_version = '2024-06' WHERE id = %1;").arg(aidant.account.id));
    QTest::keyClicks(child<QLineEdit>(&window, "emailLineEdit"), aidant.account.email);
    auto *code = child<QLineEdit>(&window, "codeLineEdit");
    QTest::keyClicks(code, server.nextCode(aidant.account));
    QTest::keyClick(code, Qt::Key_Return);
}

inline void logIn(MainWindow &window, TestServer &server, MandatFixture &fixture, int timeoutMs)
{
    submitLogin(window, server, fixture);
    QWidget *home = window.findChild<QWidget *>(QStringLiteral("HomePage"));
    QTRY_VERIFY_WITH_TIMEOUT(home->isVisible(), timeoutMs);
}

} // namespace GuiTest
