#include "SeedVault.h"

#include "Repository.h"
#include "Totp.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSeeds, "ac.server.seeds")

namespace {
const QString kDevices = QStringLiteral("otp_devices");
const QString kCheckRow = QStringLiteral("seed_key_check/1");
const QByteArray kCheckText = QByteArrayLiteral("aidants-connect seed key check");

Error keyError(const QString &message)
{
    return Error { QStringLiteral("seed_key"), message };
}

Status checkKey(Repository &repository, const SeedKey &key)
{
    const auto check = repository.seedKeyCheck();
    if (!check)
        return success();
    const auto opened = SeedCipher::open(key, *check, kCheckRow);
    if (!opened || opened.value() != kCheckText) {
        const QString expected = SeedCipher::keyIdOf(*check);
        return keyError(
            QStringLiteral("the OTP seed key (id %1) is not the key the seeds were encrypted with (id %2): "
                           "check [security] seed_key_file or the seed-key credential")
                .arg(key.id, expected.isEmpty() ? QStringLiteral("unknown") : expected));
    }
    return success();
}
} // namespace

namespace SeedVault {

Status prepare(Database &database, const SeedKey &key, int *sealedNow)
{
    if (sealedNow)
        *sealedNow = 0;
    QSqlDatabase db = database.connection();
    Repository repository(db);
    Transaction tx(db, database.dialect());
    const Status checked = checkKey(repository, key);
    if (!checked)
        return checked;
    if (!repository.seedKeyCheck())
        repository.setSeedKeyCheck(key.id, SeedCipher::seal(key, kCheckText, kCheckRow));
    int sealed = 0;
    for (const SeedRow &row : repository.seedRowsForUpdate(tx, true)) {
        if (row.clearHex.isEmpty())
            continue;
        const auto seed = Totp::decodeHexSeed(row.clearHex);
        if (!seed) {
            return keyError(
                QStringLiteral("the clear OTP seed of device %1 is not hexadecimal: nothing was encrypted")
                    .arg(row.id));
        }
        repository.setSealedSeed(row.id, SeedCipher::seal(key, *seed, SeedCipher::rowName(kDevices, row.id)));
        ++sealed;
    }
    tx.commit();
    if (sealed > 0)
        qCWarning(lcSeeds) << "encrypted" << sealed << "OTP seeds stored in clear, under key" << key.id;
    if (sealedNow)
        *sealedNow = sealed;
    return success();
}

Result<int> rotate(Database &database, const SeedKey &current, const SeedKey &next)
{
    if (current.id == next.id)
        return keyError(QStringLiteral("the new key is the current key"));
    QSqlDatabase db = database.connection();
    Repository repository(db);
    Transaction tx(db, database.dialect());
    const Status checked = checkKey(repository, current);
    if (!checked)
        return checked.error();
    int count = 0;
    for (const SeedRow &row : repository.seedRowsForUpdate(tx)) {
        const QString name = SeedCipher::rowName(kDevices, row.id);
        QByteArray seed;
        if (!row.clearHex.isEmpty()) {
            seed = Totp::decodeHexSeed(row.clearHex).value_or(QByteArray());
        } else {
            const auto opened = SeedCipher::open(current, row.sealed, name);
            if (!opened) {
                return keyError(QStringLiteral("the seed of device %1 %2: nothing was re-encrypted")
                                    .arg(row.id)
                                    .arg(opened.error().message));
            }
            seed = opened.value();
        }
        if (seed.isEmpty())
            return keyError(
                QStringLiteral("the seed of device %1 is unreadable: nothing was re-encrypted").arg(row.id));
        repository.setSealedSeed(row.id, SeedCipher::seal(next, seed, name));
        ++count;
    }
    repository.setSeedKeyCheck(next.id, SeedCipher::seal(next, kCheckText, kCheckRow));
    tx.commit();
    return count;
}

} // namespace SeedVault
