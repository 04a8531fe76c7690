#include "OfflineCache.h"

#include "AppPaths.h"
#include "KeyStore.h"
#include "MandatRules.h"

#include <QCollator>
#include <QCoreApplication>
#include <QDate>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace {

Q_LOGGING_CATEGORY(lcCache, "ac.app.cache")

constexpr int kKeySize = 32;
constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;
constexpr int kSchemaVersion = 1;

const QString kOpenFailedCode = QStringLiteral("cache_open_failed");
const QString kWrongKeyCode = QStringLiteral("cache_wrong_key");
const QString kCorruptedCode = QStringLiteral("cache_corrupted");
const QString kWriteFailedCode = QStringLiteral("cache_write_failed");

/// A known value encrypted at creation: opening with another key fails here, before any data is read.
const QByteArray kKeyCheckPlaintext = QByteArrayLiteral("aidants-connect offline cache v1");
const QByteArray kKeyCheckAad = QByteArrayLiteral("meta:key_check");

Error openError()
{
    return Error { kOpenFailedCode,
        QCoreApplication::translate(
            "OfflineCache", "Le cache hors ligne de ce poste ne peut pas être ouvert.") };
}

/// The detail of openError() when the folder is there but SQLite cannot use the file.
QString fileDetail(const QString &path)
{
    return QCoreApplication::translate("OfflineCache", "le fichier « %1 » ne peut pas être créé ni écrit")
        .arg(QFileInfo(path).fileName());
}

/// The cache's file or folder cannot be created or opened: what the aidant sees, and what to do.
Error openError(const QString &path, const QString &detail)
{
    const QString folder = QDir::toNativeSeparators(QFileInfo(path).absolutePath());
    return Error { kOpenFailedCode,
        QCoreApplication::translate("OfflineCache",
            "Impossible d'ouvrir le cache local de vos mandats (%1). Vérifiez l'espace disque et les "
            "droits du dossier « %2 », puis relancez l'application.")
            .arg(detail, folder) };
}

Error wrongKeyError()
{
    return Error { kWrongKeyCode,
        QCoreApplication::translate("OfflineCache",
            "Le cache hors ligne de ce poste ne peut pas être déchiffré avec la clé du trousseau.") };
}

Error corruptedError()
{
    return Error { kCorruptedCode,
        QCoreApplication::translate(
            "OfflineCache", "Le cache hors ligne de ce poste est altéré ou illisible.") };
}

Error writeError()
{
    return Error { kWriteFailedCode,
        QCoreApplication::translate(
            "OfflineCache", "Le cache hors ligne de ce poste n'a pas pu être mis à jour.") };
}

QByteArray usagerAad(qint64 id)
{
    return QByteArrayLiteral("usager:") + QByteArray::number(id);
}

QByteArray mandatAad(qint64 id)
{
    return QByteArrayLiteral("mandat:") + QByteArray::number(id);
}

struct CipherContextFree
{
    void operator()(EVP_CIPHER_CTX *context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

/// AES-256-GCM: nonce (12 random bytes) | ciphertext | tag (16 bytes); the associated data binds a blob
/// to its row. One Sealer encrypts many blobs (a sync page's rows) without per-row set-up: the key is
/// expanded once, and the random nonces are drawn from OpenSSL's generator a batch at a time (each is
/// still 96 fresh random bits, as with one RAND_bytes call per blob).
class Sealer
{
public:
    explicit Sealer(const QByteArray &key)
        : m_context(EVP_CIPHER_CTX_new())
    {
        m_ready = m_context
            && EVP_EncryptInit_ex(m_context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
            && EVP_CIPHER_CTX_ctrl(m_context.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1
            && key.size() == 32
            && EVP_EncryptInit_ex(m_context.get(), nullptr, nullptr, bytes(key), nullptr) == 1;
    }

    std::optional<QByteArray> seal(const QByteArray &plaintext, const QByteArray &aad)
    {
        if (!m_ready)
            return std::nullopt;
        QByteArray out(kNonceSize + plaintext.size() + kTagSize, Qt::Uninitialized);
        auto *nonce = reinterpret_cast<unsigned char *>(out.data());
        if (!nextNonce(nonce))
            return std::nullopt;
        int length = 0;
        // A new nonce on the same context restarts GCM with the key already expanded.
        if (EVP_EncryptInit_ex(m_context.get(), nullptr, nullptr, nullptr, nonce) != 1
            || EVP_EncryptUpdate(m_context.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1)
            return std::nullopt;
        auto *cipher = nonce + kNonceSize;
        if (EVP_EncryptUpdate(m_context.get(), cipher, &length, bytes(plaintext), int(plaintext.size())) != 1)
            return std::nullopt;
        int finalLength = 0;
        if (EVP_EncryptFinal_ex(m_context.get(), cipher + length, &finalLength) != 1
            || length + finalLength != plaintext.size()
            || EVP_CIPHER_CTX_ctrl(m_context.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, cipher + plaintext.size())
                != 1)
            return std::nullopt;
        return out;
    }

private:
    bool nextNonce(unsigned char *nonce)
    {
        if (m_used == m_nonces.size()) {
            if (RAND_bytes(m_nonces.data(), int(m_nonces.size())) != 1)
                return false;
            m_used = 0;
        }
        std::memcpy(nonce, m_nonces.data() + m_used, kNonceSize);
        // Never used twice: the batch's bytes are wiped as they are handed out.
        std::memset(m_nonces.data() + m_used, 0, kNonceSize);
        m_used += kNonceSize;
        return true;
    }

    CipherContext m_context;
    bool m_ready = false;
    std::array<unsigned char, kNonceSize * 256> m_nonces {};
    std::size_t m_used = kNonceSize * 256;
};

std::optional<QByteArray> encrypt(const QByteArray &key, const QByteArray &plaintext, const QByteArray &aad)
{
    return Sealer(key).seal(plaintext, aad);
}

/// The plaintext, or nothing when the key, the associated data or any byte of the blob is wrong.
std::optional<QByteArray> decrypt(const QByteArray &key, const QByteArray &blob, const QByteArray &aad)
{
    if (blob.size() < kNonceSize + kTagSize)
        return std::nullopt;
    const int cipherSize = int(blob.size()) - kNonceSize - kTagSize;
    const auto *nonce = bytes(blob);
    const auto *cipher = nonce + kNonceSize;
    QByteArray tag = blob.right(kTagSize);
    QByteArray out(cipherSize, Qt::Uninitialized);
    auto *plain = reinterpret_cast<unsigned char *>(out.data());
    CipherContext context(EVP_CIPHER_CTX_new());
    int length = 0;
    if (!context || EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1
        || EVP_DecryptInit_ex(context.get(), nullptr, nullptr, bytes(key), nonce) != 1
        || EVP_DecryptUpdate(context.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1
        || EVP_DecryptUpdate(context.get(), plain, &length, cipher, cipherSize) != 1
        || EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1)
        return std::nullopt;
    int finalLength = 0;
    if (EVP_DecryptFinal_ex(context.get(), plain + length, &finalLength) != 1)
        return std::nullopt;
    return out;
}

bool exec(QSqlQuery &query)
{
    if (query.exec())
        return true;
    // The SQL text and driver message never carry bound values (personal data is bound, not inlined).
    qCWarning(lcCache) << "query failed:" << query.lastError().text();
    return false;
}

bool exec(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    qCWarning(lcCache) << "statement failed:" << query.lastError().text();
    return false;
}

/// The search key of an usager: names and birthdate (ISO and French forms), normalized.
QString searchKeyOf(const UsagerIdentity &usager)
{
    QString birth = usager.birthdate;
    const QStringList parts = usager.birthdate.split(QLatin1Char('-'));
    if (parts.size() == 3)
        birth += QLatin1Char(' ') + parts.at(2) + QLatin1Char('/') + parts.at(1) + QLatin1Char('/')
            + parts.at(0);
    return OfflineCache::normalizeForSearch(usager.givenName + QLatin1Char(' ') + usager.familyName
        + QLatin1Char(' ') + usager.preferredUsername + QLatin1Char(' ') + birth);
}

QStringList splitDemarches(const QString &text)
{
    return text.split(QLatin1Char(','), Qt::SkipEmptyParts);
}

} // namespace

OfflineCache::OfflineCache(const QString &path, const QByteArray &key)
    : m_path(path)
    , m_key(key)
    , m_connectionName(
          QStringLiteral("ac-offline-cache-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

OfflineCache::~OfflineCache()
{
    close();
}

QSqlDatabase OfflineCache::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool OfflineCache::isOpen() const
{
    return m_open;
}

void OfflineCache::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = database();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_open = false;
}

Status OfflineCache::open()
{
    close();
    m_lastError = {};
    if (m_key.size() != kKeySize) {
        qCWarning(lcCache) << "key of wrong size";
        return fail(wrongKeyError());
    }
    const Status status = openConnection();
    if (!status.ok()) {
        close();
        return fail(status.error());
    }
    m_open = true;
    return success();
}

Status OfflineCache::openConnection()
{
    // On a fresh workstation the user's data folder does not exist yet: SQLite creates files, not folders.
    const Status folder = AppPaths::ensurePrivateDirectory(QFileInfo(m_path).absolutePath());
    if (!folder.ok())
        return openError(m_path, folder.error().message);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        qCWarning(lcCache) << "cannot open the cache:" << db.lastError().text();
        return openError(m_path, fileDetail(m_path));
    }
    const QStringList schema {
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), "
                       "schema_version INTEGER NOT NULL, cursor TEXT NOT NULL DEFAULT '', "
                       "last_sync_at INTEGER NOT NULL DEFAULT 0, organisation_id INTEGER NOT NULL DEFAULT 0, "
                       "organisation TEXT NOT NULL DEFAULT '{}', key_check BLOB NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS usagers (id INTEGER PRIMARY KEY, enc BLOB NOT NULL)"),
        QStringLiteral(
            "CREATE TABLE IF NOT EXISTS mandats (id INTEGER PRIMARY KEY, usager_id INTEGER NOT NULL, "
            "created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, duration TEXT NOT NULL, "
            "remote INTEGER NOT NULL, template_version INTEGER NOT NULL, "
            "attestation_hash TEXT NOT NULL, verify_url TEXT NOT NULL, demarches TEXT NOT NULL, "
            "aidant_id INTEGER NOT NULL, enc BLOB NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS mandats_usager ON mandats (usager_id)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS autorisations (id INTEGER PRIMARY KEY, "
                       "mandat_id INTEGER NOT NULL, demarche TEXT NOT NULL, revoked_at INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS autorisations_mandat ON autorisations (mandat_id)"),
    };
    for (const QString &sql : schema) {
        if (!exec(db, sql))
            return openError(m_path, fileDetail(m_path));
    }

    QSqlQuery check(db);
    check.prepare(QStringLiteral("SELECT key_check FROM meta WHERE id = 1"));
    if (!exec(check))
        return openError(m_path, fileDetail(m_path));
    if (check.next()) {
        if (!decrypt(m_key, check.value(0).toByteArray(), kKeyCheckAad)) {
            qCWarning(lcCache) << "the cache was written with another key";
            return wrongKeyError();
        }
    } else {
        const std::optional<QByteArray> keyCheck = encrypt(m_key, kKeyCheckPlaintext, kKeyCheckAad);
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT INTO meta (id, schema_version, key_check) VALUES (1, ?, ?)"));
        insert.addBindValue(kSchemaVersion);
        insert.addBindValue(keyCheck.value_or(QByteArray()));
        if (!keyCheck || !exec(insert))
            return openError(m_path, fileDetail(m_path));
    }
    return success();
}

Status OfflineCache::fail(const Error &error) const
{
    m_lastError = error;
    return error;
}

Status OfflineCache::apply(const SyncPage &page)
{
    if (!m_open)
        return fail(openError());
    QSqlDatabase db = database();
    if (!db.transaction()) {
        qCWarning(lcCache) << "cannot begin a transaction:" << db.lastError().text();
        return fail(writeError());
    }
    const Status status = applyInTransaction(db, page);
    if (!status.ok() || !db.commit()) {
        db.rollback();
        return fail(status.ok() ? writeError() : status.error());
    }
    qCInfo(lcCache) << "applied a sync page:" << page.usagers.size() << "usagers," << page.mandats.size()
                    << "mandats," << page.removedMandatIds.size() << "removed mandats,"
                    << page.removedUsagerIds.size() << "removed usagers" << (page.reset ? "(reset)" : "");
    return success();
}

Status OfflineCache::applyInTransaction(const QSqlDatabase &db, const SyncPage &page)
{
    if (page.reset) {
        for (const QString &sql : { QStringLiteral("DELETE FROM autorisations"),
                 QStringLiteral("DELETE FROM mandats"), QStringLiteral("DELETE FROM usagers") }) {
            if (!exec(db, sql))
                return writeError();
        }
    }

    Sealer sealer(m_key);
    QSqlQuery upsertUsager(db);
    upsertUsager.prepare(QStringLiteral("INSERT OR REPLACE INTO usagers (id, enc) VALUES (?, ?)"));
    for (const UsagerIdentity &usager : page.usagers) {
        const std::optional<QByteArray> enc = sealer.seal(
            QJsonDocument(usager.toJson()).toJson(QJsonDocument::Compact), usagerAad(usager.id));
        if (!enc)
            return writeError();
        upsertUsager.addBindValue(usager.id);
        upsertUsager.addBindValue(*enc);
        if (!exec(upsertUsager))
            return writeError();
    }

    QSqlQuery upsertMandat(db);
    upsertMandat.prepare(QStringLiteral("INSERT OR REPLACE INTO mandats (id, usager_id, created_at, "
                                        "expires_at, duration, remote, template_version, "
                                        "attestation_hash, verify_url, demarches, aidant_id, enc) VALUES (?, "
                                        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    // A mandat's autorisations are replaced as a whole: those of the page's mandats go in one statement
    // (none on a reset page, which emptied the table), not one per mandat.
    if (!page.reset && !page.mandats.isEmpty()) {
        QByteArray ids = "[";
        for (const MandatInfo &mandat : page.mandats)
            ids += QByteArray::number(mandat.id) + ',';
        ids.back() = ']';
        QSqlQuery deletePageAutorisations(db);
        deletePageAutorisations.prepare(
            QStringLiteral("DELETE FROM autorisations WHERE mandat_id IN (SELECT value FROM json_each(?))"));
        deletePageAutorisations.addBindValue(QString::fromLatin1(ids));
        if (!exec(deletePageAutorisations))
            return writeError();
    }
    QSqlQuery deleteAutorisations(db);
    deleteAutorisations.prepare(QStringLiteral("DELETE FROM autorisations WHERE mandat_id = ?"));
    QSqlQuery insertAutorisation(db);
    insertAutorisation.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO autorisations (id, mandat_id, demarche, revoked_at) VALUES (?, ?, ?, ?)"));
    for (const MandatInfo &mandat : page.mandats) {
        // The aidant's name and the pseudonymous FranceConnect hash are personal: encrypted.
        const QJsonObject personal { { QStringLiteral("aidant_name"), mandat.aidantName },
            { QStringLiteral("usager_sub_hash"), mandat.usagerSubHash } };
        const std::optional<QByteArray> enc
            = sealer.seal(QJsonDocument(personal).toJson(QJsonDocument::Compact), mandatAad(mandat.id));
        if (!enc)
            return writeError();
        upsertMandat.addBindValue(mandat.id);
        upsertMandat.addBindValue(mandat.usager.id);
        upsertMandat.addBindValue(mandat.createdAtMs);
        upsertMandat.addBindValue(mandat.expiresAtMs);
        upsertMandat.addBindValue(mandat.duration);
        upsertMandat.addBindValue(mandat.remote ? 1 : 0);
        upsertMandat.addBindValue(mandat.templateVersion);
        upsertMandat.addBindValue(mandat.attestationHash);
        upsertMandat.addBindValue(mandat.verifyUrl);
        upsertMandat.addBindValue(mandat.demarches.join(QLatin1Char(',')));
        upsertMandat.addBindValue(mandat.aidantId);
        upsertMandat.addBindValue(*enc);
        if (!exec(upsertMandat))
            return writeError();
        for (const AutorisationInfo &autorisation : mandat.autorisations) {
            insertAutorisation.addBindValue(autorisation.id);
            insertAutorisation.addBindValue(mandat.id);
            insertAutorisation.addBindValue(autorisation.demarche);
            insertAutorisation.addBindValue(autorisation.revokedAtMs);
            if (!exec(insertAutorisation))
                return writeError();
        }
    }

    QSqlQuery deleteMandat(db);
    deleteMandat.prepare(QStringLiteral("DELETE FROM mandats WHERE id = ?"));
    for (const qint64 id : page.removedMandatIds) {
        deleteAutorisations.addBindValue(id);
        deleteMandat.addBindValue(id);
        if (!exec(deleteAutorisations) || !exec(deleteMandat))
            return writeError();
    }

    // An usager leaves with whatever mandats the cache still had for them.
    QSqlQuery deleteUsagerAutorisations(db);
    deleteUsagerAutorisations.prepare(QStringLiteral(
        "DELETE FROM autorisations WHERE mandat_id IN (SELECT id FROM mandats WHERE usager_id = ?)"));
    QSqlQuery deleteUsagerMandats(db);
    deleteUsagerMandats.prepare(QStringLiteral("DELETE FROM mandats WHERE usager_id = ?"));
    QSqlQuery deleteUsager(db);
    deleteUsager.prepare(QStringLiteral("DELETE FROM usagers WHERE id = ?"));
    for (const qint64 id : page.removedUsagerIds) {
        deleteUsagerAutorisations.addBindValue(id);
        deleteUsagerMandats.addBindValue(id);
        deleteUsager.addBindValue(id);
        if (!exec(deleteUsagerAutorisations) || !exec(deleteUsagerMandats) || !exec(deleteUsager))
            return writeError();
    }

    QSqlQuery meta(db);
    meta.prepare(QStringLiteral(
        "UPDATE meta SET cursor = ?, last_sync_at = ?, organisation_id = ?, organisation = ? WHERE id = 1"));
    meta.addBindValue(page.cursor);
    meta.addBindValue(page.serverTimeMs);
    meta.addBindValue(page.organisation.id);
    meta.addBindValue(
        QString::fromUtf8(QJsonDocument(page.organisation.toJson()).toJson(QJsonDocument::Compact)));
    if (!exec(meta))
        return writeError();
    return success();
}

QVariant OfflineCache::metaValue(const QString &column) const
{
    if (!m_open)
        return {};
    QSqlQuery query(database());
    // column is one of this file's constants, never user input.
    query.prepare(QStringLiteral("SELECT ") + column + QStringLiteral(" FROM meta WHERE id = 1"));
    if (!exec(query) || !query.next())
        return {};
    return query.value(0);
}

QString OfflineCache::cursor() const
{
    return metaValue(QStringLiteral("cursor")).toString();
}

qint64 OfflineCache::lastSyncAtMs() const
{
    return metaValue(QStringLiteral("last_sync_at")).toLongLong();
}

qint64 OfflineCache::organisationId() const
{
    return metaValue(QStringLiteral("organisation_id")).toLongLong();
}

OrganisationInfo OfflineCache::organisation() const
{
    return OrganisationInfo::fromJson(
        QJsonDocument::fromJson(metaValue(QStringLiteral("organisation")).toString().toUtf8()).object());
}

std::optional<UsagerIdentity> OfflineCache::decryptUsager(qint64 id, const QByteArray &enc) const
{
    const std::optional<QByteArray> plain = decrypt(m_key, enc, usagerAad(id));
    if (!plain) {
        qCWarning(lcCache) << "an usager of the cache failed authentication";
        return std::nullopt;
    }
    UsagerIdentity usager = UsagerIdentity::fromJson(QJsonDocument::fromJson(*plain).object());
    usager.id = id; // the row's id, authenticated as associated data
    return usager;
}

QList<MandatInfo> OfflineCache::loadMandats(
    const QString &where, const QVariant &bound, bool withPersonal) const
{
    QList<MandatInfo> mandats;
    QSqlDatabase db = database();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT id, usager_id, created_at, expires_at, duration, remote, template_version, "
                       "attestation_hash, verify_url, demarches, aidant_id, enc FROM mandats ")
        + where + QStringLiteral(" ORDER BY created_at DESC, id DESC"));
    if (bound.isValid())
        query.addBindValue(bound);
    if (!exec(query)) {
        m_lastError = openError();
        return {};
    }
    QHash<qint64, int> indexById;
    while (query.next()) {
        MandatInfo m;
        m.id = query.value(0).toLongLong();
        m.usager.id = query.value(1).toLongLong();
        m.createdAtMs = query.value(2).toLongLong();
        m.expiresAtMs = query.value(3).toLongLong();
        m.duration = query.value(4).toString();
        m.remote = query.value(5).toInt() != 0;
        m.templateVersion = query.value(6).toInt();
        m.attestationHash = query.value(7).toString();
        m.verifyUrl = query.value(8).toString();
        m.demarches = splitDemarches(query.value(9).toString());
        m.aidantId = query.value(10).toLongLong();
        if (withPersonal) {
            const std::optional<QByteArray> plain
                = decrypt(m_key, query.value(11).toByteArray(), mandatAad(m.id));
            if (!plain) {
                qCWarning(lcCache) << "a mandat of the cache failed authentication";
                m_lastError = corruptedError();
                return {};
            }
            const QJsonObject personal = QJsonDocument::fromJson(*plain).object();
            m.aidantName = personal.value(QStringLiteral("aidant_name")).toString();
            m.usagerSubHash = personal.value(QStringLiteral("usager_sub_hash")).toString();
        }
        indexById.insert(m.id, int(mandats.size()));
        mandats.append(m);
    }

    QSqlQuery autorisations(db);
    autorisations.setForwardOnly(true);
    if (bound.isValid() && where.contains(QLatin1String("WHERE"))) {
        autorisations.prepare(QStringLiteral("SELECT id, mandat_id, demarche, revoked_at FROM autorisations "
                                             "WHERE mandat_id IN (SELECT id FROM mandats ")
            + where + QStringLiteral(") ORDER BY id"));
        autorisations.addBindValue(bound);
    } else {
        autorisations.prepare(
            QStringLiteral("SELECT id, mandat_id, demarche, revoked_at FROM autorisations ORDER BY id"));
    }
    if (!exec(autorisations)) {
        m_lastError = openError();
        return {};
    }
    while (autorisations.next()) {
        const auto it = indexById.constFind(autorisations.value(1).toLongLong());
        if (it == indexById.constEnd())
            continue;
        AutorisationInfo a;
        a.id = autorisations.value(0).toLongLong();
        a.demarche = autorisations.value(2).toString();
        a.revokedAtMs = autorisations.value(3).toLongLong();
        mandats[*it].autorisations.append(a);
    }
    return mandats;
}

QList<UsagerSummary> OfflineCache::usagers(qint64 nowMs) const
{
    m_lastError = {};
    if (!m_open) {
        m_lastError = openError();
        return {};
    }
    QHash<qint64, UsagerSummary> summaries;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, enc FROM usagers"));
    if (!exec(query)) {
        m_lastError = openError();
        return {};
    }
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        const std::optional<UsagerIdentity> usager = decryptUsager(id, query.value(1).toByteArray());
        if (!usager) {
            m_lastError = corruptedError();
            return {};
        }
        UsagerSummary summary;
        summary.usager = *usager;
        summary.searchKey = searchKeyOf(*usager);
        summaries.insert(id, summary);
    }

    const QList<MandatInfo> mandats = loadMandats(QString(), QVariant(), false);
    if (!m_lastError.code.isEmpty())
        return {};
    QHash<qint64, int> visible;
    for (const MandatInfo &mandat : mandats) {
        const auto it = summaries.find(mandat.usager.id);
        if (it == summaries.end() || MandatRules::isHidden(mandat, nowMs))
            continue;
        ++visible[mandat.usager.id];
        switch (MandatRules::state(mandat, nowMs)) {
        case MandatRules::State::Active:
            ++it->activeMandats;
            if (MandatRules::isExpiringSoon(mandat, nowMs))
                ++it->expiringSoonMandats;
            if (it->nextExpiryMs == 0 || mandat.expiresAtMs < it->nextExpiryMs)
                it->nextExpiryMs = mandat.expiresAtMs;
            break;
        case MandatRules::State::Expired:
            ++it->expiredMandats;
            break;
        case MandatRules::State::Revoked:
            ++it->revokedMandats;
            break;
        }
    }

    QList<UsagerSummary> result;
    for (const UsagerSummary &summary : std::as_const(summaries)) {
        if (visible.value(summary.usager.id) > 0)
            result.append(summary);
    }
    QCollator collator { QLocale(QLocale::French, QLocale::France) };
    std::sort(result.begin(), result.end(), [&collator](const UsagerSummary &a, const UsagerSummary &b) {
        if (const int byFamily = collator.compare(a.usager.familyName, b.usager.familyName))
            return byFamily < 0;
        if (const int byGiven = collator.compare(a.usager.givenName, b.usager.givenName))
            return byGiven < 0;
        return a.usager.id < b.usager.id;
    });
    return result;
}

std::optional<UsagerIdentity> OfflineCache::usager(qint64 usagerId) const
{
    if (!m_open) {
        m_lastError = openError();
        return std::nullopt;
    }
    QSqlQuery query(database());
    query.prepare(QStringLiteral("SELECT enc FROM usagers WHERE id = ?"));
    query.addBindValue(usagerId);
    if (!exec(query)) {
        m_lastError = openError();
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    std::optional<UsagerIdentity> result = decryptUsager(usagerId, query.value(0).toByteArray());
    if (!result)
        m_lastError = corruptedError();
    return result;
}

QList<MandatInfo> OfflineCache::mandatsOf(qint64 usagerId) const
{
    m_lastError = {};
    if (!m_open) {
        m_lastError = openError();
        return {};
    }
    const std::optional<UsagerIdentity> identity = usager(usagerId);
    if (!identity)
        return {};
    QList<MandatInfo> mandats = loadMandats(QStringLiteral("WHERE usager_id = ?"), usagerId, true);
    const OrganisationInfo org = organisation();
    for (MandatInfo &m : mandats) {
        m.usager = *identity;
        m.organisation = org;
    }
    return mandats;
}

std::optional<MandatInfo> OfflineCache::mandat(qint64 mandatId) const
{
    m_lastError = {};
    if (!m_open) {
        m_lastError = openError();
        return std::nullopt;
    }
    QList<MandatInfo> mandats = loadMandats(QStringLiteral("WHERE id = ?"), mandatId, true);
    if (mandats.isEmpty())
        return std::nullopt;
    MandatInfo m = mandats.constFirst();
    const std::optional<UsagerIdentity> identity = usager(m.usager.id);
    if (!m_lastError.code.isEmpty())
        return std::nullopt;
    if (identity)
        m.usager = *identity;
    m.organisation = organisation();
    return m;
}

Status OfflineCache::remove(const QString &path)
{
    bool ok = true;
    for (const QString &suffix :
        { QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal") }) {
        const QString file = path + suffix;
        if (QFile::exists(file) && !QFile::remove(file)) {
            qCWarning(lcCache) << "cannot delete" << file;
            ok = false;
        }
    }
    if (!ok)
        return Error { kWriteFailedCode,
            QCoreApplication::translate(
                "OfflineCache", "Le cache hors ligne de ce poste n'a pas pu être effacé.") };
    return success();
}

Status OfflineCache::wipe(const QString &path, KeyStore &keys, const QString &keyName)
{
    const Status removed = remove(path);
    // The key goes even when a file could not be deleted: without it, what is left is unreadable.
    const Status keyRemoved = keys.remove(keyName);
    if (!removed.ok())
        return removed;
    return keyRemoved;
}

QString OfflineCache::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
        + QStringLiteral("/offline-cache.sqlite");
}

QString OfflineCache::normalizeForSearch(const QString &text)
{
    QString expanded = text;
    // Ligatures and ß have no canonical decomposition: spelled out as users type them.
    expanded.replace(QChar(0x0153), QLatin1String("oe"))
        .replace(QChar(0x0152), QLatin1String("oe"))
        .replace(QChar(0x00E6), QLatin1String("ae"))
        .replace(QChar(0x00C6), QLatin1String("ae"))
        .replace(QChar(0x00DF), QLatin1String("ss"))
        .replace(QChar(0x1E9E), QLatin1String("ss"));
    const QList<uint> codePoints = expanded.normalized(QString::NormalizationForm_D).toUcs4();

    QString result;
    result.reserve(codePoints.size());
    bool pendingSpace = false;
    for (const uint cp : codePoints) {
        const auto c = char32_t(cp);
        switch (QChar::category(c)) {
        case QChar::Mark_NonSpacing:
        case QChar::Mark_SpacingCombining:
        case QChar::Mark_Enclosing:
            continue;
        default:
            break;
        }
        // Apostrophes join (« d'Artagnan » → « dartagnan »); other separators split words.
        if (c == U'\'' || c == U'\u2019' || c == U'\u02BC' || c == U'`' || c == U'\u00B4')
            continue;
        if (!QChar::isLetterOrNumber(c)) {
            pendingSpace = !result.isEmpty();
            continue;
        }
        if (pendingSpace) {
            result += QLatin1Char(' ');
            pendingSpace = false;
        }
        const char32_t lower = QChar::toLower(c);
        result += QString::fromUcs4(&lower, 1);
    }
    return result;
}
