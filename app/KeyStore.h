#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

/// Where the offline cache's key lives: the OS keychain in the product (QtKeychainStore); tests use
/// tests/support/MemoryKeyStore.h.
class KeyStore
{
public:
    virtual ~KeyStore() = default;
    /// The key named @p name, created (32 random bytes) and stored when missing.
    virtual Result<QByteArray> loadOrCreate(const QString &name) = 0;
    virtual Status remove(const QString &name) = 0;
};

/// The OS keychain through QtKeychain (Secret Service on Linux, Credential Manager on Windows).
/// Blocking calls (QtKeychain's jobs run in a local event loop): call them off the GUI thread.
class QtKeychainStore final : public KeyStore
{
public:
    explicit QtKeychainStore(QString service = QStringLiteral("aidants-connect"));
    Result<QByteArray> loadOrCreate(const QString &name) override;
    Status remove(const QString &name) override;

private:
    QString m_service;
};
