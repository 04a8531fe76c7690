#include "ApiClient.h"
#include "KeyStore.h"
#include "MandatRules.h"
#include "MemoryKeyStore.h"
#include "OfflineCache.h"
#include "SyncEngine.h"
#include "TestServer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

Q_DECLARE_METATYPE(SyncPage)
Q_DECLARE_METATYPE(MandatInfo)

namespace {

using MandatRules::kDayMs;

const qint64 kNow = QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();

QByteArray keyOf(char fill)
{
    return QByteArray(32, fill);
}

UsagerIdentity usager(qint64 id, const QString &given, const QString &family,
    const QString &birthdate = QStringLiteral("1962-08-24"))
{
    UsagerIdentity u;
    u.id = id;
    u.givenName = given;
    u.familyName = family;
    u.birthdate = birthdate;
    u.gender = QStringLiteral("female");
    u.birthplace = QStringLiteral("75107");
    u.birthcountry = QStringLiteral("99100");
    u.email = QStringLiteral("usager%1@example.fr").arg(id);
    u.phone = QStringLiteral("0601020304");
    return u;
}

/// A mandat of @p usagerId created 10 days before its expiry offset; @p revokedAt applies to every
/// autorisation.
MandatInfo mandat(qint64 id, qint64 usagerId, qint64 expiresAtMs, qint64 revokedAtMs = 0)
{
    MandatInfo m;
    m.id = id;
    m.usager.id = usagerId;
    m.aidantId = 7;
    m.aidantName = QStringLiteral("Camille Aidante");
    m.usagerSubHash = QStringLiteral("subhash-%1").arg(id);
    m.demarches = { QStringLiteral("argent"), QStringLiteral("logement") };
    m.duration = QStringLiteral("LONG");
    m.createdAtMs = expiresAtMs - 365 * kDayMs;
    m.expiresAtMs = expiresAtMs;
    m.templateVersion = 1;
    m.attestationHash = QStringLiteral("hash-%1").arg(id);
    m.verifyUrl = QStringLiteral("https://example.fr/verify/%1").arg(id);
    m.autorisations = { AutorisationInfo { id * 10 + 1, QStringLiteral("argent"), revokedAtMs },
        AutorisationInfo { id * 10 + 2, QStringLiteral("logement"), revokedAtMs } };
    return m;
}

OrganisationInfo organisation()
{
    OrganisationInfo o;
    o.id = 3;
    o.name = QStringLiteral("France Services de Test");
    o.city = QStringLiteral("Paris");
    return o;
}

SyncPage firstPage()
{
    SyncPage page;
    page.cursor = QStringLiteral("c1");
    page.reset = true;
    page.serverTimeMs = kNow;
    page.organisation = organisation();
    page.usagers = { usager(1, QStringLiteral("Joëlle"), QStringLiteral("DUBINÔRE")),
        usager(2, QStringLiteral("Paul"), QStringLiteral("MARTIN")) };
    page.mandats = { mandat(10, 1, kNow + 100 * kDayMs), mandat(11, 1, kNow + 200 * kDayMs),
        mandat(20, 2, kNow + 50 * kDayMs) };
    return page;
}

SyncPage incrementalPage(const QString &cursor)
{
    SyncPage page;
    page.cursor = cursor;
    page.serverTimeMs = kNow + 1000;
    page.organisation = organisation();
    return page;
}

QList<qint64> presentMandats(const OfflineCache &cache)
{
    QList<qint64> ids;
    for (const qint64 id : { 10, 11, 20, 30, 31 }) {
        if (cache.mandat(id))
            ids.append(id);
    }
    return ids;
}

QList<qint64> presentUsagers(const OfflineCache &cache)
{
    QList<qint64> ids;
    for (const qint64 id : { 1, 2, 3 }) {
        if (cache.usager(id))
            ids.append(id);
    }
    return ids;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// A plain connection to the cache's file, behind OfflineCache's back.
class RawDatabase
{
public:
    explicit RawDatabase(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), kName);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawDatabase()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(kName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(kName);
    }
    Q_DISABLE_COPY_MOVE(RawDatabase)
    QSqlDatabase db() const { return QSqlDatabase::database(kName, false); }

private:
    const QString kName = QStringLiteral("raw-test-connection");
};

} // namespace

/// The offline cache (schema, sync pages, counts, search keys, encryption at rest) and the sync engine.
class TestOfflineCache final : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("cache.sqlite"));
    }
    void cleanup() { m_dir.reset(); }

    void apply_data()
    {
        QTest::addColumn<QList<SyncPage>>("pages");
        QTest::addColumn<QList<qint64>>("mandats");
        QTest::addColumn<QList<qint64>>("usagers");
        QTest::addColumn<QString>("cursor");

        QTest::newRow("first page") << QList<SyncPage> { firstPage() } << QList<qint64> { 10, 11, 20 }
                                    << QList<qint64> { 1, 2 } << QStringLiteral("c1");

        SyncPage firstHalf = firstPage();
        firstHalf.hasMore = true;
        firstHalf.mandats.removeLast();
        SyncPage secondHalf = incrementalPage(QStringLiteral("c1b"));
        secondHalf.mandats = { mandat(20, 2, kNow + 50 * kDayMs) };
        QTest::newRow("first sync over two pages")
            << QList<SyncPage> { firstHalf, secondHalf } << QList<qint64> { 10, 11, 20 }
            << QList<qint64> { 1, 2 } << QStringLiteral("c1b");

        SyncPage added = incrementalPage(QStringLiteral("c2"));
        added.usagers = { usager(3, QStringLiteral("Anne"), QStringLiteral("ÉMERY")) };
        added.mandats
            = { mandat(30, 3, kNow + 10 * kDayMs), mandat(10, 1, kNow + 100 * kDayMs, kNow - kDayMs) };
        QTest::newRow("incremental") << QList<SyncPage> { firstPage(), added }
                                     << QList<qint64> { 10, 11, 20, 30 } << QList<qint64> { 1, 2, 3 }
                                     << QStringLiteral("c2");

        SyncPage removals = incrementalPage(QStringLiteral("c3"));
        removals.removedMandatIds = { 11, 20 };
        removals.removedUsagerIds = { 2 };
        QTest::newRow("removals") << QList<SyncPage> { firstPage(), removals } << QList<qint64> { 10 }
                                  << QList<qint64> { 1 } << QStringLiteral("c3");

        SyncPage usagerOnly = incrementalPage(QStringLiteral("c4"));
        usagerOnly.removedUsagerIds = { 1 };
        QTest::newRow("a removed usager takes its mandats")
            << QList<SyncPage> { firstPage(), usagerOnly } << QList<qint64> { 20 } << QList<qint64> { 2 }
            << QStringLiteral("c4");

        SyncPage reset = incrementalPage(QStringLiteral("c5"));
        reset.reset = true;
        reset.usagers = { usager(3, QStringLiteral("Anne"), QStringLiteral("ÉMERY")) };
        reset.mandats = { mandat(30, 3, kNow + 10 * kDayMs) };
        QTest::newRow("reset") << QList<SyncPage> { firstPage(), reset } << QList<qint64> { 30 }
                               << QList<qint64> { 3 } << QStringLiteral("c5");
    }
    void apply()
    {
        QFETCH(QList<SyncPage>, pages);
        QFETCH(QList<qint64>, mandats);
        QFETCH(QList<qint64>, usagers);
        QFETCH(QString, cursor);

        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        QCOMPARE(cache.cursor(), QString());
        QCOMPARE(cache.lastSyncAtMs(), 0);
        for (const SyncPage &page : pages) {
            const Status status = cache.apply(page);
            QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().message));
        }
        QCOMPARE(presentMandats(cache), mandats);
        QCOMPARE(presentUsagers(cache), usagers);
        QCOMPARE(cache.cursor(), cursor);
        QCOMPARE(cache.lastSyncAtMs(), pages.constLast().serverTimeMs);
        QCOMPARE(cache.organisationId(), organisation().id);
        QCOMPARE(cache.organisation().name, organisation().name);
        QVERIFY(cache.lastError().code.isEmpty());

        // The same file, reopened: everything was committed.
        OfflineCache again(m_path, keyOf('k'));
        QVERIFY(again.open().ok());
        QCOMPARE(presentMandats(again), mandats);
        QCOMPARE(again.cursor(), cursor);
    }

    void mandatRoundTrip()
    {
        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        SyncPage page = firstPage();
        page.mandats[0].autorisations[1].revokedAtMs = kNow - 3 * kDayMs;
        QVERIFY(cache.apply(page).ok());

        const std::optional<MandatInfo> stored = cache.mandat(10);
        QVERIFY(stored);
        const MandatInfo &expected = page.mandats.at(0);
        QCOMPARE(stored->aidantName, expected.aidantName);
        QCOMPARE(stored->usagerSubHash, expected.usagerSubHash);
        QCOMPARE(stored->demarches, expected.demarches);
        QCOMPARE(stored->duration, expected.duration);
        QCOMPARE(stored->createdAtMs, expected.createdAtMs);
        QCOMPARE(stored->expiresAtMs, expected.expiresAtMs);
        QCOMPARE(stored->attestationHash, expected.attestationHash);
        QCOMPARE(stored->verifyUrl, expected.verifyUrl);
        QCOMPARE(stored->templateVersion, expected.templateVersion);
        QCOMPARE(stored->aidantId, expected.aidantId);
        QCOMPARE(stored->autorisations.size(), 2);
        QCOMPARE(stored->autorisations.at(1).revokedAtMs, kNow - 3 * kDayMs);
        QCOMPARE(stored->usager.toJson(), page.usagers.at(0).toJson());
        QCOMPARE(stored->organisation.name, organisation().name);

        const QList<MandatInfo> ofUsager = cache.mandatsOf(1);
        QCOMPARE(ofUsager.size(), 2);
        QCOMPARE(ofUsager.at(0).id, 11); // newest first
        QCOMPARE(ofUsager.at(1).id, 10);
        QCOMPARE(ofUsager.at(0).usager.familyName, QStringLiteral("DUBINÔRE"));
        QVERIFY(cache.mandatsOf(99).isEmpty());
    }

    // An incremental page replaces each mandat's autorisations as a whole (one statement per page): a
    // démarche no longer sent disappears, the mandats not on the page keep theirs.
    void incrementalPageReplacesAutorisations()
    {
        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        QVERIFY(cache.apply(firstPage()).ok());
        SyncPage changed = incrementalPage(QStringLiteral("c2"));
        MandatInfo narrowed = mandat(10, 1, kNow + 100 * kDayMs);
        narrowed.demarches = { QStringLiteral("argent") };
        narrowed.autorisations = { AutorisationInfo { 101, QStringLiteral("argent"), kNow - kDayMs } };
        MandatInfo widened = mandat(20, 2, kNow + 50 * kDayMs);
        widened.autorisations.append(AutorisationInfo { 203, QStringLiteral("social"), 0 });
        changed.mandats = { narrowed, widened };
        QVERIFY(cache.apply(changed).ok());

        const auto demarchesOf = [&cache](qint64 id) {
            QStringList result;
            const std::optional<MandatInfo> stored = cache.mandat(id);
            if (!stored)
                return QStringList { QStringLiteral("(no mandat)") };
            for (const AutorisationInfo &a : stored->autorisations)
                result.append(a.demarche + QLatin1Char('@') + QString::number(a.revokedAtMs));
            result.sort();
            return result;
        };
        QCOMPARE(demarchesOf(10), QStringList { QStringLiteral("argent@%1").arg(kNow - kDayMs) });
        QCOMPARE(demarchesOf(11), (QStringList { QStringLiteral("argent@0"), QStringLiteral("logement@0") }));
        QCOMPARE(demarchesOf(20),
            (QStringList {
                QStringLiteral("argent@0"), QStringLiteral("logement@0"), QStringLiteral("social@0") }));
        RawDatabase raw(m_path);
        QSqlQuery count(raw.db());
        QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM autorisations")) && count.next());
        QCOMPARE(count.value(0).toInt(), 1 + 2 + 3);
    }

    // AES-GCM must never reuse a nonce under one key: every blob written, over several pages and
    // cache openings, starts with its own.
    void everyBlobHasItsOwnNonce()
    {
        for (int round = 0; round < 3; ++round) {
            OfflineCache cache(m_path, keyOf('k'));
            QVERIFY(cache.open().ok());
            SyncPage page = round == 0 ? firstPage() : incrementalPage(QStringLiteral("c%1").arg(round + 1));
            for (int i = 0; i < 300; ++i) {
                const qint64 id = 1000 + round * 300 + i;
                page.usagers.append(usager(id, QStringLiteral("Usager"), QStringLiteral("NONCE")));
                page.mandats.append(mandat(id, id, kNow + 10 * kDayMs));
            }
            QVERIFY(cache.apply(page).ok());
        }
        RawDatabase raw(m_path);
        QSqlQuery query(raw.db());
        QVERIFY(query.exec(QStringLiteral("SELECT enc FROM usagers UNION ALL SELECT enc FROM mandats"
                                          " UNION ALL SELECT key_check FROM meta")));
        QSet<QByteArray> nonces;
        int blobs = 0;
        while (query.next()) {
            nonces.insert(query.value(0).toByteArray().left(12));
            ++blobs;
        }
        QCOMPARE(blobs, (2 + 3) + 3 * (300 + 300) + 1); // the first page, three rounds, the key check
        QCOMPARE(nonces.size(), blobs);
    }

    void usagerCounts_data()
    {
        QTest::addColumn<QList<MandatInfo>>("mandats");
        QTest::addColumn<bool>("listed");
        QTest::addColumn<int>("active");
        QTest::addColumn<int>("expiringSoon");
        QTest::addColumn<int>("expired");
        QTest::addColumn<int>("revoked");
        QTest::addColumn<qint64>("nextExpiry");

        using L = QList<MandatInfo>;
        QTest::newRow("active") << L { mandat(10, 1, kNow + 100 * kDayMs) } << true << 1 << 0 << 0 << 0
                                << kNow + 100 * kDayMs;
        QTest::newRow("expiring soon")
            << L { mandat(10, 1, kNow + 10 * kDayMs) } << true << 1 << 1 << 0 << 0 << kNow + 10 * kDayMs;
        QTest::newRow("expired recently")
            << L { mandat(10, 1, kNow - 10 * kDayMs) } << true << 0 << 0 << 1 << 0 << qint64(0);
        QTest::newRow("expired over a year ago: hidden")
            << L { mandat(10, 1, kNow - 400 * kDayMs) } << false << 0 << 0 << 0 << 0 << qint64(0);
        QTest::newRow("revoked") << L { mandat(10, 1, kNow + 100 * kDayMs, kNow - 5 * kDayMs) } << true << 0
                                 << 0 << 0 << 1 << qint64(0);
        QTest::newRow("revoked over a year ago: hidden")
            << L { mandat(10, 1, kNow + 100 * kDayMs, kNow - 400 * kDayMs) } << false << 0 << 0 << 0 << 0
            << qint64(0);
        QTest::newRow("mixed") << L { mandat(10, 1, kNow + 100 * kDayMs), mandat(11, 1, kNow + 20 * kDayMs),
            mandat(12, 1, kNow - 10 * kDayMs), mandat(13, 1, kNow - 500 * kDayMs),
            mandat(14, 1, kNow + 90 * kDayMs, kNow - kDayMs) }
                               << true << 2 << 1 << 1 << 1 << kNow + 20 * kDayMs;
    }
    void usagerCounts()
    {
        QFETCH(QList<MandatInfo>, mandats);
        QFETCH(bool, listed);
        QFETCH(int, active);
        QFETCH(int, expiringSoon);
        QFETCH(int, expired);
        QFETCH(int, revoked);
        QFETCH(qint64, nextExpiry);

        SyncPage page = incrementalPage(QStringLiteral("c1"));
        page.reset = true;
        page.usagers = { usager(1, QStringLiteral("Joëlle"), QStringLiteral("DUBINÔRE")) };
        page.mandats = mandats;
        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        QVERIFY(cache.apply(page).ok());

        const QList<UsagerSummary> summaries = cache.usagers(kNow);
        QVERIFY(cache.lastError().code.isEmpty());
        QCOMPARE(summaries.size(), listed ? 1 : 0);
        if (!listed)
            return;
        const UsagerSummary &s = summaries.constFirst();
        QCOMPARE(s.usager.givenName, QStringLiteral("Joëlle"));
        QCOMPARE(s.activeMandats, active);
        QCOMPARE(s.expiringSoonMandats, expiringSoon);
        QCOMPARE(s.expiredMandats, expired);
        QCOMPARE(s.revokedMandats, revoked);
        QCOMPARE(s.nextExpiryMs, nextExpiry);
        QCOMPARE(s.searchKey, QStringLiteral("joelle dubinore 1962 08 24 24 08 1962"));
    }

    void usagersSortedInFrench()
    {
        SyncPage page = incrementalPage(QStringLiteral("c1"));
        page.reset = true;
        const QStringList families { QStringLiteral("Zola"), QStringLiteral("Étienne"),
            QStringLiteral("Dupont"), QStringLiteral("Eymard"), QStringLiteral("Émery") };
        for (int i = 0; i < families.size(); ++i) {
            page.usagers.append(usager(i + 1, QStringLiteral("Anne"), families.at(i)));
            page.mandats.append(mandat(100 + i, i + 1, kNow + 100 * kDayMs));
        }
        page.usagers.append(usager(9, QStringLiteral("Émile"), QStringLiteral("Dupont")));
        page.mandats.append(mandat(109, 9, kNow + 100 * kDayMs));
        page.usagers.append(usager(10, QStringLiteral("Zoé"), QStringLiteral("Cache")));
        page.mandats.append(mandat(110, 10, kNow - 500 * kDayMs)); // hidden: not listed

        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        QVERIFY(cache.apply(page).ok());
        QStringList names;
        for (const UsagerSummary &s : cache.usagers(kNow))
            names.append(s.usager.givenName + QLatin1Char(' ') + s.usager.familyName);
        QCOMPARE(names,
            QStringList({ QStringLiteral("Anne Dupont"), QStringLiteral("Émile Dupont"),
                QStringLiteral("Anne Émery"), QStringLiteral("Anne Étienne"), QStringLiteral("Anne Eymard"),
                QStringLiteral("Anne Zola") }));
    }

    void normalizeForSearch_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("given name") << QStringLiteral("Joëlle") << QStringLiteral("joelle");
        QTest::newRow("family name") << QStringLiteral("DUBINÔRE") << QStringLiteral("dubinore");
        QTest::newRow("both") << QStringLiteral("Joëlle DUBINÔRE") << QStringLiteral("joelle dubinore");
        QTest::newRow("oe ligature") << QStringLiteral("Œuvre cœur") << QStringLiteral("oeuvre coeur");
        QTest::newRow("ae ligature") << QStringLiteral("Lætitia") << QStringLiteral("laetitia");
        QTest::newRow("sharp s") << QStringLiteral("Straße") << QStringLiteral("strasse");
        QTest::newRow("cedilla") << QStringLiteral("François ÇA") << QStringLiteral("francois ca");
        QTest::newRow("apostrophe") << QStringLiteral("d'Artagnan") << QStringLiteral("dartagnan");
        QTest::newRow("typographic apostrophe") << QStringLiteral("L’Hôpital") << QStringLiteral("lhopital");
        QTest::newRow("hyphen") << QStringLiteral("Jean-Pierre LE-GALL")
                                << QStringLiteral("jean pierre le gall");
        QTest::newRow("spaces") << QStringLiteral("  Marie \t  Claire  ") << QStringLiteral("marie claire");
        QTest::newRow("decomposed input") << QStringLiteral("Joe\u0308lle") << QStringLiteral("joelle");
        QTest::newRow("date") << QStringLiteral("24/08/1962") << QStringLiteral("24 08 1962");
        QTest::newRow("empty") << QString() << QString();
    }
    void normalizeForSearch()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(OfflineCache::normalizeForSearch(text), expected);
    }

    void personalDataIsEncryptedAtRest()
    {
        SyncPage page = firstPage();
        page.usagers[0].email = QStringLiteral("joelle.dubinore@example.fr");
        page.usagers[0].preferredUsername = QStringLiteral("VERNIAUX");
        page.usagers[0].phone = QStringLiteral("0712345678");
        const QList<QByteArray> secrets { QByteArrayLiteral("Jo\xc3\xablle"),
            QByteArrayLiteral("DUBIN\xc3\x94RE"), QByteArrayLiteral("joelle.dubinore@example.fr"),
            QByteArrayLiteral("1962-08-24"), QByteArrayLiteral("VERNIAUX"), QByteArrayLiteral("0712345678"),
            QByteArrayLiteral("MARTIN"), QByteArrayLiteral("Camille Aidante"),
            QByteArrayLiteral("subhash-10") };
        {
            OfflineCache cache(m_path, keyOf('k'));
            QVERIFY(cache.open().ok());
            QVERIFY(cache.apply(page).ok());
            QVERIFY(QFile::exists(m_path + QStringLiteral("-wal")));
            const QByteArray live = readFile(m_path) + readFile(m_path + QStringLiteral("-wal"));
            QVERIFY(live.contains("hash-10")); // the clear columns are there...
            for (const QByteArray &secret : secrets)
                QVERIFY2(!live.contains(secret), secret.constData()); // ...the personal ones are not
        }
        // Closed: the WAL is checkpointed into the main file.
        const QByteArray file = readFile(m_path);
        QVERIFY(file.contains("hash-10"));
        for (const QByteArray &secret : secrets)
            QVERIFY2(!file.contains(secret), secret.constData());

        RawDatabase raw(m_path);
        QSqlQuery query(raw.db());
        QVERIFY(query.exec(QStringLiteral("SELECT enc FROM usagers UNION ALL SELECT enc FROM mandats")));
        int blobs = 0;
        while (query.next()) {
            const QByteArray blob = query.value(0).toByteArray();
            QVERIFY(blob.size() > 12 + 16);
            for (const QByteArray &secret : secrets)
                QVERIFY(!blob.contains(secret));
            ++blobs;
        }
        QCOMPARE(blobs, 5);
    }

    void anotherKeyReadsNothing()
    {
        {
            OfflineCache cache(m_path, keyOf('k'));
            QVERIFY(cache.open().ok());
            QVERIFY(cache.apply(firstPage()).ok());
        }
        OfflineCache other(m_path, keyOf('x'));
        const Status opened = other.open();
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, QStringLiteral("cache_wrong_key"));
        QVERIFY(opened.error().message.contains(QStringLiteral("déchiffré")));
        QVERIFY(!other.isOpen());
        QVERIFY(other.usagers(kNow).isEmpty());
        QVERIFY(!other.mandat(10));
        QVERIFY(other.mandatsOf(1).isEmpty());
        QVERIFY(!other.apply(firstPage()).ok());

        OfflineCache shortKey(m_path, QByteArray(16, 'k'));
        QVERIFY(!shortKey.open().ok());

        // The right key still reads everything: the failed attempts changed nothing.
        OfflineCache again(m_path, keyOf('k'));
        QVERIFY(again.open().ok());
        QCOMPARE(again.usagers(kNow).size(), 2);
    }

    void tamperedBlobFailsAuthentication_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("flipByte");
        QTest::newRow("usager byte flipped") << QStringLiteral("usagers WHERE id = 1") << true;
        QTest::newRow("usager blob moved to another row") << QStringLiteral("usagers WHERE id = 2") << false;
        QTest::newRow("mandat byte flipped") << QStringLiteral("mandats WHERE id = 10") << true;
    }
    void tamperedBlobFailsAuthentication()
    {
        QFETCH(QString, sql);
        QFETCH(bool, flipByte);
        const bool isMandat = sql.startsWith(QLatin1String("mandats"));
        {
            OfflineCache cache(m_path, keyOf('k'));
            QVERIFY(cache.open().ok());
            QVERIFY(cache.apply(firstPage()).ok());
        }
        {
            RawDatabase raw(m_path);
            QSqlQuery read(raw.db());
            QVERIFY(read.exec(isMandat ? QStringLiteral("SELECT enc FROM mandats WHERE id = 10")
                                       : QStringLiteral("SELECT enc FROM usagers WHERE id = 1")));
            QVERIFY(read.next());
            QByteArray blob = read.value(0).toByteArray();
            if (flipByte)
                blob[blob.size() / 2] = char(blob.at(blob.size() / 2) ^ 0x01);
            const QString table = sql.section(QLatin1Char(' '), 0, 0);
            QSqlQuery write(raw.db());
            write.prepare(QStringLiteral("UPDATE ") + table + QStringLiteral(" SET enc = ? ")
                + sql.section(QLatin1Char(' '), 1));
            write.addBindValue(blob);
            QVERIFY(write.exec());
            QCOMPARE(write.numRowsAffected(), 1);
        }
        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        if (isMandat) {
            QVERIFY(!cache.mandat(10));
            QCOMPARE(cache.lastError().code, QStringLiteral("cache_corrupted"));
            QVERIFY(cache.mandatsOf(1).isEmpty());
            QVERIFY(cache.mandat(20)); // the other rows are intact
        } else {
            QVERIFY(cache.usagers(kNow).isEmpty());
            QCOMPARE(cache.lastError().code, QStringLiteral("cache_corrupted"));
            QVERIFY(!cache.lastError().message.isEmpty());
        }
    }

    void removeDeletesTheFiles()
    {
        {
            OfflineCache cache(m_path, keyOf('k'));
            QVERIFY(cache.open().ok());
            QVERIFY(cache.apply(firstPage()).ok());
            QVERIFY(QFile::exists(m_path + QStringLiteral("-wal")));
            QVERIFY(QFile::exists(m_path + QStringLiteral("-shm")));
        }
        // As left by a crash: the WAL and shared memory files next to the database.
        for (const QString &suffix : { QStringLiteral("-wal"), QStringLiteral("-shm") }) {
            QFile file(m_path + suffix);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        QVERIFY(OfflineCache::remove(m_path).ok());
        QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList());
        QVERIFY(OfflineCache::remove(m_path).ok()); // nothing to delete is fine
    }

    void wipeRemovesTheFileAndTheKey()
    {
        MemoryKeyStore keys;
        const QByteArray key = keys.loadOrCreate(OfflineCache::defaultKeyName()).value();
        {
            OfflineCache cache(m_path, key);
            QVERIFY(cache.open().ok());
            QVERIFY(cache.apply(firstPage()).ok());
        }
        QVERIFY(OfflineCache::wipe(m_path, keys).ok());
        QVERIFY(!QFile::exists(m_path));
        QVERIFY(keys.loadOrCreate(OfflineCache::defaultKeyName()).value() != key);
    }

    void memoryKeyStore()
    {
        MemoryKeyStore store;
        const Result<QByteArray> first = store.loadOrCreate(QStringLiteral("cache"));
        QVERIFY(first.ok());
        QCOMPARE(first.value().size(), 32);
        QCOMPARE(store.loadOrCreate(QStringLiteral("cache")).value(), first.value());
        QVERIFY(store.loadOrCreate(QStringLiteral("other")).value() != first.value());
        QVERIFY(store.remove(QStringLiteral("cache")).ok());
        QVERIFY(store.loadOrCreate(QStringLiteral("cache")).value() != first.value());
    }

    void syncEngineAgainstServer()
    {
        TestServer server;
        QVERIFY(server.start());
        ApiClient api;
        api.setBaseUrl(server.baseUrl());
        QVERIFY(login(api, server));

        SyncEngine engine(&api, m_path, keyOf('k'));
        QSignalSpy started(&engine, &SyncEngine::syncStarted);
        QSignalSpy synced(&engine, &SyncEngine::synced);
        QSignalSpy progress(&engine, &SyncEngine::progress);
        QSignalSpy failed(&engine, &SyncEngine::failed);
        QSignalSpy offline(&engine, &SyncEngine::offline);
        engine.start();
        QVERIFY(engine.isSyncing());
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 15000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(offline.count(), 0);
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(0).toBool(), true); // first sync
        QCOMPARE(progress.count(), 1);
        QCOMPARE(progress.at(0).at(0).toInt(), 0); // a fresh organisation has no mandat
        QVERIFY(!engine.isSyncing());
        const qint64 serverTime = synced.at(0).at(0).toLongLong();
        QVERIFY(qAbs(serverTime - QDateTime::currentMSecsSinceEpoch()) < 60000);

        QString firstCursor;
        {
            // A second connection on the worker's file (WAL: readers do not block the writer).
            OfflineCache cache(m_path, keyOf('k'));
            QVERIFY(cache.open().ok());
            firstCursor = cache.cursor();
            QVERIFY(!firstCursor.isEmpty());
            QCOMPARE(cache.lastSyncAtMs(), serverTime);
            QVERIFY(cache.organisationId() > 0);
            QCOMPARE(cache.organisation().name, server.organisationName());
            QVERIFY(cache.usagers(QDateTime::currentMSecsSinceEpoch()).isEmpty());
        }

        // Incremental: nothing changed.
        engine.syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(synced.count() + failed.count() == 2, 15000);
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.at(1).at(0).toBool(), false);
        QCOMPARE(failed.count(), 0);
        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        QVERIFY(!cache.cursor().isEmpty());
        QVERIFY(cache.lastSyncAtMs() >= serverTime);

        // The periodic timer syncs again by itself.
        engine.setInterval(200);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(synced.count() >= 4, 15000);
        engine.stop();
        QCOMPARE(failed.count(), 0);
    }

    void syncNowDuringASyncSyncsAgain()
    {
        // A mandat signed while a sync is under way: the sync asked for then is not lost.
        TestServer server;
        QVERIFY(server.start());
        ApiClient api;
        api.setBaseUrl(server.baseUrl());
        QVERIFY(login(api, server));
        SyncEngine engine(&api, m_path, keyOf('k'));
        QSignalSpy started(&engine, &SyncEngine::syncStarted);
        QSignalSpy synced(&engine, &SyncEngine::synced);
        engine.syncNow();
        QVERIFY(engine.isSyncing());
        engine.syncNow(); // during the first one
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 2, 15000);
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.at(1).at(0).toBool(), false); // incremental, from the first one's cursor
        QVERIFY(!engine.isSyncing());
        QTest::qWait(300);
        QCOMPARE(synced.count(), 2); // once, not for ever
    }

    void openCreatesMissingPrivateFolders_data()
    {
        QTest::addColumn<QString>("existing"); // what is there before, relative to the temporary folder
        QTest::addColumn<QString>("cache"); // the cache's path, relative too
        QTest::addColumn<bool>("opens");
        QTest::newRow("nothing yet, three levels")
            << QString() << QStringLiteral("a/b/c/cache.sqlite") << true;
        QTest::newRow("the folder, open to all")
            << QStringLiteral("shared/") << QStringLiteral("shared/cache.sqlite") << true;
        QTest::newRow("a file in the folder's place")
            << QStringLiteral("taken") << QStringLiteral("taken/cache.sqlite") << false;
        QTest::newRow("a file in a parent's place")
            << QStringLiteral("taken") << QStringLiteral("taken/sub/cache.sqlite") << false;
        QTest::newRow("a folder in the file's place")
            << QStringLiteral("data/cache.sqlite/") << QStringLiteral("data/cache.sqlite") << false;
    }

    void openCreatesMissingPrivateFolders()
    {
        QFETCH(QString, existing);
        QFETCH(QString, cache);
        QFETCH(bool, opens);
        QTemporaryDir root;
        QVERIFY(root.isValid());
        constexpr QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
        const QFile::Permissions modeBits = ownerOnly | QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
            | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        if (existing.endsWith(QLatin1Char('/'))) {
            QVERIFY(QDir(root.path()).mkpath(existing));
            QVERIFY(QFile::setPermissions(root.filePath(existing), modeBits));
        } else if (!existing.isEmpty()) {
            QFile file(root.filePath(existing));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        const QString path = root.filePath(cache);
        const QString folder = QFileInfo(path).absolutePath();
        OfflineCache offline(path, keyOf('k'));
        const Status status = offline.open();
        QCOMPARE(status.ok(), opens);
        if (opens) {
            QVERIFY(QFileInfo::exists(path));
            // The cache's folder and every folder created on the way: the owner's only.
            for (QString dir = folder; dir != QDir::cleanPath(root.path());
                 dir = QFileInfo(dir).absolutePath())
                QCOMPARE(QFileInfo(dir).permissions() & modeBits, ownerOnly);
            return;
        }
        QCOMPARE(status.error().code, QStringLiteral("cache_open_failed"));
        QVERIFY2(status.error().message.startsWith(
                     QStringLiteral("Impossible d'ouvrir le cache local de vos mandats (")),
            qPrintable(status.error().message));
        QVERIFY2(status.error().message.endsWith(
                     QStringLiteral("Vérifiez l'espace disque et les droits du dossier « %1 », puis relancez "
                                    "l'application.")
                         .arg(QDir::toNativeSeparators(folder))),
            qPrintable(status.error().message));
        QVERIFY(!offline.isOpen());
    }

    void syncEnginePageLoop()
    {
        // A first sync over three pages, from a stub server answering canned pages in order (a fresh
        // real server has no mandat to page through).
        SyncPage one = firstPage();
        one.hasMore = true;
        one.cursor = QStringLiteral("p2");
        one.mandats.removeLast();
        SyncPage two = incrementalPage(QStringLiteral("p3"));
        two.hasMore = true;
        two.mandats = { mandat(20, 2, kNow + 50 * kDayMs) };
        SyncPage three = incrementalPage(QStringLiteral("p4"));
        three.serverTimeMs = kNow + 5000;
        three.removedMandatIds = { 11 };
        QList<QByteArray> answers;
        for (const SyncPage &page : { one, two, three })
            answers.append(QJsonDocument(page.toJson()).toJson(QJsonDocument::Compact));

        QTcpServer stub;
        QVERIFY(stub.listen(QHostAddress::LocalHost));
        QStringList requests;
        connect(&stub, &QTcpServer::newConnection, &stub, [&stub, &answers, &requests] {
            while (QTcpSocket *socket = stub.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket, &answers, &requests] {
                    if (!socket->peek(socket->bytesAvailable()).contains("\r\n\r\n"))
                        return;
                    const QByteArray head = socket->readAll();
                    requests.append(QUrl::fromPercentEncoding(head.left(head.indexOf("\r\n"))));
                    const QByteArray body = answers.isEmpty() ? QByteArray("{}") : answers.takeFirst();
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                                  "Content-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });

        ApiClient api;
        api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(stub.serverPort())));
        api.setToken("token-for-tests");
        SyncEngine engine(&api, m_path, keyOf('k'));
        QSignalSpy started(&engine, &SyncEngine::syncStarted);
        QSignalSpy progress(&engine, &SyncEngine::progress);
        QSignalSpy synced(&engine, &SyncEngine::synced);
        QSignalSpy failed(&engine, &SyncEngine::failed);
        engine.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 15000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(0).toBool(), true);
        QCOMPARE(synced.at(0).at(0).toLongLong(), kNow + 5000);
        QList<int> applied;
        for (const QList<QVariant> &arguments : std::as_const(progress))
            applied.append(arguments.at(0).toInt());
        QCOMPARE(applied, QList<int>({ 2, 3, 3 }));
        QCOMPARE(requests.size(), 3);
        QVERIFY(requests.at(0).startsWith(QLatin1String("GET /api/v1/sync ")));
        QVERIFY(requests.at(1).contains(QLatin1String("cursor=p2")));
        QVERIFY(requests.at(2).contains(QLatin1String("cursor=p3")));

        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        QCOMPARE(cache.cursor(), QStringLiteral("p4"));
        QCOMPARE(presentMandats(cache), QList<qint64>({ 10, 20 }));
        QCOMPARE(presentUsagers(cache), QList<qint64>({ 1, 2 }));
    }

    void syncEngineRebuildsACacheItCannotRead()
    {
        {
            OfflineCache old(m_path, keyOf('o'));
            QVERIFY(old.open().ok());
            QVERIFY(old.apply(firstPage()).ok());
        }
        TestServer server;
        QVERIFY(server.start());
        ApiClient api;
        api.setBaseUrl(server.baseUrl());
        QVERIFY(login(api, server));
        SyncEngine engine(&api, m_path, keyOf('n'));
        QSignalSpy started(&engine, &SyncEngine::syncStarted);
        QSignalSpy synced(&engine, &SyncEngine::synced);
        engine.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 15000);
        QCOMPARE(started.at(0).at(0).toBool(), true);
        OfflineCache cache(m_path, keyOf('n'));
        QVERIFY(cache.open().ok());
        QVERIFY(cache.usagers(kNow).isEmpty());
        QVERIFY(!cache.mandat(10));
    }

    void syncEngineOffline()
    {
        // A loopback port nobody listens on: the server is unreachable.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QUrl deadUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
        probe.close();

        {
            OfflineCache cache(m_path, keyOf('k'));
            QVERIFY(cache.open().ok());
            QVERIFY(cache.apply(firstPage()).ok());
        }
        ApiClient api;
        api.setBaseUrl(deadUrl);
        api.setToken("token-for-tests");
        SyncEngine engine(&api, m_path, keyOf('k'));
        QSignalSpy started(&engine, &SyncEngine::syncStarted);
        QSignalSpy offline(&engine, &SyncEngine::offline);
        QSignalSpy failed(&engine, &SyncEngine::failed);
        engine.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(offline.count(), 1, 15000);
        QCOMPARE(offline.at(0).at(0).toString(), ApiClient::unreachableMessage());
        QCOMPARE(failed.count(), 0);
        QCOMPARE(started.at(0).at(0).toBool(), false); // the cache had a cursor
        QVERIFY(engine.isOffline());
        QVERIFY(!engine.isSyncing());

        // The cache is as it was.
        OfflineCache cache(m_path, keyOf('k'));
        QVERIFY(cache.open().ok());
        QCOMPARE(cache.cursor(), QStringLiteral("c1"));
        QCOMPARE(cache.usagers(kNow).size(), 2);
    }

    void syncEngineFailure()
    {
        // A server that answers, but refuses: not "offline".
        TestServer server;
        QVERIFY(server.start());
        ApiClient api;
        api.setBaseUrl(server.baseUrl());
        api.setToken("not-a-valid-token");
        SyncEngine engine(&api, m_path, keyOf('k'));
        QSignalSpy offline(&engine, &SyncEngine::offline);
        QSignalSpy failed(&engine, &SyncEngine::failed);
        engine.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
        QVERIFY(!failed.at(0).at(0).toString().isEmpty());
        QCOMPARE(offline.count(), 0);
        QVERIFY(!engine.isOffline());
    }

private:
    static bool login(ApiClient &api, TestServer &server)
    {
        QObject context;
        bool done = false;
        QByteArray token;
        api.login(server.aidant().email, server.nextCode(server.aidant()), &context,
            [&](const Result<SessionInfo> &result) {
                done = true;
                if (result.ok())
                    token = result.value().token.toUtf8();
            });
        if (!QTest::qWaitFor([&] { return done; }, 15000) || token.isEmpty())
            return false;
        api.setToken(token);
        return true;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TestOfflineCache)
#include "testOfflineCache.moc"
