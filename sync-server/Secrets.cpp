#include "Secrets.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace Secrets {

QString randomToken(int bytes)
{
    QByteArray data(((bytes + 3) / 4) * 4, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
    data.truncate(bytes);
    return QString::fromLatin1(data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString sha256Hex(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString hmacSha256Hex(const QByteArray &key, const QString &text)
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(text.toUtf8(), key, QCryptographicHash::Sha256).toHex());
}

} // namespace Secrets

#include <QFile>
#include <QFileInfo>

#include <memory>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace {
constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;
const QString kSealPrefix = QStringLiteral("s1");

struct CipherContextFree
{
    void operator()(EVP_CIPHER_CTX *context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

QString keyIdFor(const QByteArray &key)
{
    return QString::fromLatin1(QCryptographicHash::hash(
        QByteArray(QByteArrayLiteral("aidants-connect seed key id\n") + key), QCryptographicHash::Sha256)
                                   .toHex()
                                   .left(16));
}

SeedKey s_processKey;
} // namespace

std::optional<SeedKey> SeedKey::fromFileContent(const QByteArray &content)
{
    QByteArray key;
    if (content.size() == 32) {
        key = content;
    } else {
        const auto decoded
            = QByteArray::fromBase64Encoding(content.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        key = decoded.decoded;
    }
    if (key.size() != 32)
        return std::nullopt;
    return SeedKey { key, keyIdFor(key) };
}

Result<SeedKey> SeedKey::load(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error { QStringLiteral("seed_key"),
            QStringLiteral("the OTP seed key file %1 does not exist").arg(path) };
    const QFile::Permissions open = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (info.permissions() & open) {
        return Error { QStringLiteral("seed_key"),
            QStringLiteral("the OTP seed key file %1 may be read by other users: chmod 600 (or 400) it")
                .arg(path) };
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("seed_key"),
            QStringLiteral("cannot read the OTP seed key file %1").arg(path) };
    const auto key = fromFileContent(file.read(1024));
    if (!key) {
        return Error { QStringLiteral("seed_key"),
            QStringLiteral("the OTP seed key file %1 must hold 32 random bytes, raw or base64 "
                           "(e.g. openssl rand -base64 32)")
                .arg(path) };
    }
    return *key;
}

namespace SeedCipher {

QString rowName(const QString &table, qint64 id)
{
    return table + QLatin1Char('/') + QString::number(id);
}

QString seal(const SeedKey &key, const QByteArray &seed, const QString &rowName)
{
    Q_ASSERT(key.isValid());
    const QByteArray aad = rowName.toUtf8();
    QByteArray out(kNonceSize + seed.size() + kTagSize, Qt::Uninitialized);
    auto *nonce = reinterpret_cast<unsigned char *>(out.data());
    auto *cipher = nonce + kNonceSize;
    int length = 0;
    int finalLength = 0;
    CipherContext context(EVP_CIPHER_CTX_new());
    if (RAND_bytes(nonce, kNonceSize) != 1 || !context
        || EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1
        || EVP_EncryptInit_ex(context.get(), nullptr, nullptr, bytes(key.bytes), nonce) != 1
        || EVP_EncryptUpdate(context.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1
        || EVP_EncryptUpdate(context.get(), cipher, &length, bytes(seed), int(seed.size())) != 1
        || EVP_EncryptFinal_ex(context.get(), cipher + length, &finalLength) != 1
        || EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, cipher + seed.size()) != 1)
        qFatal("AES-256-GCM encryption failed"); // only on a broken OpenSSL: never store a clear seed
    return kSealPrefix + QLatin1Char('.') + key.id + QLatin1Char('.')
        + QString::fromLatin1(out.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString keyIdOf(const QString &sealed)
{
    const QStringList parts = sealed.split(QLatin1Char('.'));
    return parts.size() == 3 && parts.at(0) == kSealPrefix ? parts.at(1) : QString();
}

Result<QByteArray> open(const SeedKey &key, const QString &sealed, const QString &rowName)
{
    const QStringList parts = sealed.split(QLatin1Char('.'));
    if (parts.size() != 3 || parts.at(0) != kSealPrefix)
        return Error { QStringLiteral("malformed"), QStringLiteral("not an encrypted seed") };
    if (parts.at(1) != key.id) {
        return Error { QStringLiteral("other_key"),
            QStringLiteral("encrypted under key %1, not the configured key %2").arg(parts.at(1), key.id) };
    }
    const auto decoded = QByteArray::fromBase64Encoding(
        parts.at(2).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray *blob = decoded ? &decoded.decoded : nullptr;
    if (!blob || blob->size() < kNonceSize + kTagSize)
        return Error { QStringLiteral("malformed"), QStringLiteral("not an encrypted seed") };
    const QByteArray aad = rowName.toUtf8();
    const int cipherSize = int(blob->size()) - kNonceSize - kTagSize;
    const auto *nonce = bytes(*blob);
    const auto *cipher = nonce + kNonceSize;
    QByteArray tag = blob->right(kTagSize);
    QByteArray plain(qMax(cipherSize, 1), Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(plain.data());
    int length = 0;
    int finalLength = 0;
    CipherContext context(EVP_CIPHER_CTX_new());
    if (!context || EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1
        || EVP_DecryptInit_ex(context.get(), nullptr, nullptr, bytes(key.bytes), nonce) != 1
        || EVP_DecryptUpdate(context.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1
        || EVP_DecryptUpdate(context.get(), out, &length, cipher, cipherSize) != 1
        || EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1
        || EVP_DecryptFinal_ex(context.get(), out + length, &finalLength) != 1) {
        return Error { QStringLiteral("altered"),
            QStringLiteral("does not decrypt: altered, or moved from another row (%1)").arg(rowName) };
    }
    plain.truncate(cipherSize);
    return plain;
}

void setProcessKey(const SeedKey &key)
{
    s_processKey = key;
}

const SeedKey &processKey()
{
    return s_processKey;
}

} // namespace SeedCipher
