#include "Settings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

/// Precedence of the settings scopes: default < machine < user, unless the machine locks the server.
class TestSettings final : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        Settings::setConfigDirOverride(m_dir->path());
    }
    void cleanup() { Settings::setConfigDirOverride(QString()); }

    void defaults()
    {
        const Settings settings;
        QCOMPARE(settings.serverUrl(), QUrl(QStringLiteral("http://127.0.0.1:8080")));
        QCOMPARE(settings.caCertificateFile(), QString());
        QVERIFY(!settings.isServerLocked());
    }

    void machineWinsOverDefault()
    {
        writeMachine({ { QStringLiteral("server_url"), QStringLiteral("https://ac.exemple.fr") } });
        const Settings settings;
        QCOMPARE(settings.serverUrl(), QUrl(QStringLiteral("https://ac.exemple.fr")));
    }

    void userOverridesUnlockedMachine()
    {
        writeMachine({ { QStringLiteral("server_url"), QStringLiteral("https://ac.exemple.fr") } });
        {
            Settings settings;
            QVERIFY(settings.setServerUrl(QUrl(QStringLiteral("https://test.exemple.fr"))));
            QVERIFY(settings.setCaCertificateFile(QStringLiteral("/tmp/ca.pem")));
            settings.sync();
        }
        const Settings reread;
        QCOMPARE(reread.serverUrl(), QUrl(QStringLiteral("https://test.exemple.fr")));
        QCOMPARE(reread.caCertificateFile(), QStringLiteral("/tmp/ca.pem"));
    }

    void lockedMachineIgnoresAndRefusesUserValues()
    {
        {
            QSettings user(m_dir->filePath(QStringLiteral("user.conf")), QSettings::IniFormat);
            user.setValue(QStringLiteral("server_url"), QStringLiteral("http://evil.exemple.fr"));
            user.setValue(QStringLiteral("lock_server_url"), false); // not the user's to set
        }
        writeMachine({ { QStringLiteral("server_url"), QStringLiteral("https://ac.exemple.fr") },
            { QStringLiteral("lock_server_url"), true } });
        Settings settings;
        QVERIFY(settings.isServerLocked());
        QCOMPARE(settings.serverUrl(), QUrl(QStringLiteral("https://ac.exemple.fr")));
        QVERIFY(!settings.setServerUrl(QUrl(QStringLiteral("http://other.exemple.fr"))));
        QVERIFY(!settings.setCaCertificateFile(QStringLiteral("/tmp/other.pem")));
        QCOMPARE(settings.serverUrl(), QUrl(QStringLiteral("https://ac.exemple.fr")));
        QCOMPARE(settings.caCertificateFile(), QString());
    }

    void userCannotLock()
    {
        QSettings user(m_dir->filePath(QStringLiteral("user.conf")), QSettings::IniFormat);
        user.setValue(QStringLiteral("lock_server_url"), true);
        user.sync();
        const Settings settings;
        QVERIFY(!settings.isServerLocked());
    }

    void environmentOverride()
    {
        Settings::setConfigDirOverride(QString());
        writeMachine({ { QStringLiteral("server_url"), QStringLiteral("https://env.exemple.fr") } });
        qputenv("AC_CONFIG_DIR", m_dir->path().toLocal8Bit());
        const Settings settings;
        qunsetenv("AC_CONFIG_DIR");
        QCOMPARE(settings.serverUrl(), QUrl(QStringLiteral("https://env.exemple.fr")));
    }

private:
    void writeMachine(const QVariantMap &values)
    {
        QSettings machine(m_dir->filePath(QStringLiteral("machine.conf")), QSettings::IniFormat);
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            machine.setValue(it.key(), it.value());
        machine.sync();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestSettings)
#include "testSettings.moc"
