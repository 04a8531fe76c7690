#include "KeyStore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cstdio>

namespace {

const char *const kPrintDigestOption = "--print-key-digest";

QByteArray digest(const QByteArray &key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();
}

/// What `secret-tool search` (libsecret's own client) finds for the service: proof the entry is
/// in the Secret Service, not in some fallback of QtKeychain's.
QString secretToolSearch(const QString &service)
{
    QProcess process;
    process.start(QStringLiteral("secret-tool"),
        { QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"), service });
    if (!process.waitForFinished(15000))
        return QStringLiteral("<secret-tool did not finish>");
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

} // namespace

/// The real keychain (QtKeychain over the Secret Service of a private gnome-keyring, see
/// run-with-keyring.sh): a key is created, found again, seen by other processes, and removed.
class TestKeychain final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("AC_KEYRING_SESSION"),
            "run through tests/gui/run-with-keyring.sh (main() does it by itself)");
        m_service
            = QStringLiteral("aidants-connect-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    }

    void storeReloadRemove()
    {
        const QString name = QStringLiteral("offline-cache");
        QtKeychainStore store(m_service);

        const Result<QByteArray> created = store.loadOrCreate(name);
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
        QCOMPARE(created.value().size(), 32);

        const Result<QByteArray> reloaded = store.loadOrCreate(name);
        QVERIFY(reloaded.ok());
        QCOMPARE(reloaded.value(), created.value());

        // Another store object, and another process, read the same key from the Secret Service.
        QtKeychainStore other(m_service);
        QCOMPARE(other.loadOrCreate(name).value(), created.value());
        QCOMPARE(digestFromAnotherProcess(name), digest(created.value()));
        if (!QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty()) {
            const QString found = secretToolSearch(m_service);
            QVERIFY2(found.contains(QStringLiteral("attribute.user = ") + name),
                "secret-tool does not see the entry");
            QVERIFY(found.contains(QString::fromLatin1(created.value().toBase64())));
        } else {
            qWarning(
                "secret-tool not installed (libsecret-tools): only the second process checks the keyring");
        }

        QVERIFY(store.remove(name).ok());
        if (!QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
            QVERIFY(!secretToolSearch(m_service).contains(QStringLiteral("attribute.user")));

        const Result<QByteArray> fresh = store.loadOrCreate(name);
        QVERIFY(fresh.ok());
        QCOMPARE(fresh.value().size(), 32);
        QVERIFY(fresh.value() != created.value());

        QVERIFY(store.remove(name).ok());
        QVERIFY(store.remove(name).ok()); // removing a missing key is not an error
    }

    void keysAreSeparatedByName()
    {
        QtKeychainStore store(m_service);
        const Result<QByteArray> a = store.loadOrCreate(QStringLiteral("cache-a"));
        const Result<QByteArray> b = store.loadOrCreate(QStringLiteral("cache-b"));
        QVERIFY(a.ok());
        QVERIFY(b.ok());
        QVERIFY(a.value() != b.value());
        QVERIFY(store.remove(QStringLiteral("cache-a")).ok());
        QCOMPARE(store.loadOrCreate(QStringLiteral("cache-b")).value(), b.value());
        QVERIFY(store.remove(QStringLiteral("cache-b")).ok());
    }

    void unreachableKeychainIsAnError()
    {
        // No session bus at all: a French error, quickly, and no key (no insecure fallback).
        QTemporaryDir runtime;
        QVERIFY(runtime.isValid());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        environment.remove(QStringLiteral("DISPLAY"));
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QCoreApplication::applicationFilePath(),
            { QString::fromLatin1(kPrintDigestOption), m_service, QStringLiteral("offline-cache") });
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        const QString errors = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(errors.contains(QStringLiteral("Le trousseau du système est inaccessible : ")),
            qPrintable(errors));
    }

private:
    QByteArray digestFromAnotherProcess(const QString &name) const
    {
        QProcess process;
        process.start(QCoreApplication::applicationFilePath(),
            { QString::fromLatin1(kPrintDigestOption), m_service, name });
        if (!process.waitForFinished(30000))
            return "timeout";
        return process.readAllStandardOutput().trimmed();
    }

    QString m_service;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();

    // The helper process of digestFromAnotherProcess(): prints the key's SHA-256, never the key.
    if (arguments.size() == 4 && arguments.at(1) == QLatin1String(kPrintDigestOption)) {
        QtKeychainStore store(arguments.at(2));
        const Result<QByteArray> key = store.loadOrCreate(arguments.at(3));
        if (!key.ok()) {
            std::fputs(key.error().message.toUtf8().constData(), stderr);
            return 1;
        }
        std::fputs(digest(key.value()).constData(), stdout);
        return 0;
    }

    // Outside a private keyring session: run again inside one.
    if (!qEnvironmentVariableIsSet("AC_KEYRING_SESSION")) {
        QProcess wrapped;
        wrapped.setProcessChannelMode(QProcess::ForwardedChannels);
        wrapped.start(QStringLiteral(AC_KEYRING_WRAPPER),
            QStringList { QCoreApplication::applicationFilePath() } + arguments.mid(1));
        if (!wrapped.waitForFinished(-1) || wrapped.exitStatus() != QProcess::NormalExit) {
            std::fputs(
                "run-with-keyring.sh could not run (dbus-run-session, gnome-keyring installed?)\n", stderr);
            return 1;
        }
        return wrapped.exitCode();
    }

    TestKeychain test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "testKeychain.moc"
