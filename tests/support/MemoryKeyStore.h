#pragma once

// Tests only: the offline cache's key in memory instead of the OS keychain (header-only, for the
// tests that link ac_client_core; the product has only QtKeychainStore).

#include "KeyStore.h"

#include <QByteArray>
#include <QMap>
#include <QRandomGenerator>
#include <QString>

#include <array>

class MemoryKeyStore final : public KeyStore
{
public:
    Result<QByteArray> loadOrCreate(const QString &name) override
    {
        auto it = m_keys.find(name);
        if (it == m_keys.end()) {
            std::array<quint32, 8> words {};
            QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
            it = m_keys.insert(name, QByteArray(reinterpret_cast<const char *>(words.data()), 32));
        }
        return *it;
    }

    Status remove(const QString &name) override
    {
        m_keys.remove(name);
        return success();
    }

private:
    QMap<QString, QByteArray> m_keys;
};
