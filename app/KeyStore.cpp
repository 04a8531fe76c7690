#include "KeyStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <qt6keychain/keychain.h>

#include <array>
#include <utility>

namespace {

Q_LOGGING_CATEGORY(lcKeyStore, "ac.app.keystore")

constexpr int kKeySize = 32;
const QString kKeychainErrorCode = QStringLiteral("keychain_error");

QByteArray randomKey()
{
    std::array<quint32, kKeySize / sizeof(quint32)> words {};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    return QByteArray(reinterpret_cast<const char *>(words.data()), kKeySize);
}

Error keychainError(const QString &detail)
{
    return Error {
        kKeychainErrorCode,
        QCoreApplication::translate("KeyStore", "Le trousseau du système est inaccessible : %1").arg(detail)
    };
}

/// Runs a QtKeychain job to completion in a local event loop (the jobs are asynchronous).
void runJob(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    bool finished = false;
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&finished, &loop] {
        finished = true;
        loop.quit();
    });
    job.start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
}

} // namespace

QtKeychainStore::QtKeychainStore(QString service)
    : m_service(std::move(service))
{
}

Result<QByteArray> QtKeychainStore::loadOrCreate(const QString &name)
{
    {
        QKeychain::ReadPasswordJob read(m_service);
        read.setInsecureFallback(false);
        read.setKey(name);
        runJob(read);
        if (read.error() == QKeychain::NoError) {
            const QByteArray key = QByteArray::fromBase64(read.textData().toLatin1());
            if (key.size() == kKeySize)
                return key;
            qCWarning(lcKeyStore) << "the keychain entry" << name << "does not hold a key";
            return keychainError(
                QCoreApplication::translate("KeyStore", "l'entrée « %1 » n'est pas une clé valide.")
                    .arg(name));
        }
        if (read.error() != QKeychain::EntryNotFound) {
            qCWarning(lcKeyStore) << "reading" << name << "failed:" << read.error() << read.errorString();
            return keychainError(read.errorString());
        }
    }

    const QByteArray key = randomKey();
    QKeychain::WritePasswordJob write(m_service);
    write.setInsecureFallback(false);
    write.setKey(name);
    write.setTextData(QString::fromLatin1(key.toBase64()));
    runJob(write);
    if (write.error() != QKeychain::NoError) {
        qCWarning(lcKeyStore) << "storing" << name << "failed:" << write.error() << write.errorString();
        return keychainError(write.errorString());
    }
    qCInfo(lcKeyStore) << "created the key" << name;
    return key;
}

Status QtKeychainStore::remove(const QString &name)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setInsecureFallback(false);
    job.setKey(name);
    runJob(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound) {
        qCWarning(lcKeyStore) << "deleting" << name << "failed:" << job.error() << job.errorString();
        return keychainError(job.errorString());
    }
    qCInfo(lcKeyStore) << "removed the key" << name;
    return success();
}
