#include "StatsService.h"

#include "ApiError.h"
#include "Clock.h"
#include "Demarches.h"
#include "ReferentAccess.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMap>
#include <QSet>
#include <QThread>

#include <optional>

Q_LOGGING_CATEGORY(lcStats, "ac.server.stats")

namespace {

/// Département → région (INSEE codes, 2024). 975 (Saint-Pierre-et-Miquelon) has no région.
const QMap<QString, QString> &departementRegions()
{
    static const QMap<QString, QString> table = [] {
        QMap<QString, QString> t;
        const auto add = [&t](const char *region, std::initializer_list<const char *> departements) {
            for (const char *d : departements)
                t.insert(QString::fromLatin1(d), QString::fromLatin1(region));
        };
        add("01", { "971" });
        add("02", { "972" });
        add("03", { "973" });
        add("04", { "974" });
        add("06", { "976" });
        add("11", { "75", "77", "78", "91", "92", "93", "94", "95" });
        add("24", { "18", "28", "36", "37", "41", "45" });
        add("27", { "21", "25", "39", "58", "70", "71", "89", "90" });
        add("28", { "14", "27", "50", "61", "76" });
        add("32", { "02", "59", "60", "62", "80" });
        add("44", { "08", "10", "51", "52", "54", "55", "57", "67", "68", "88" });
        add("52", { "44", "49", "53", "72", "85" });
        add("53", { "22", "29", "35", "56" });
        add("75", { "16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87" });
        add("76", { "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82" });
        add("84", { "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74" });
        add("93", { "04", "05", "06", "13", "83", "84" });
        add("94", { "2A", "2B" });
        t.insert(QStringLiteral("975"), QString());
        return t;
    }();
    return table;
}

const QMap<QString, QString> &regionNames()
{
    static const QMap<QString, QString> names {
        { QStringLiteral("01"), QStringLiteral("Guadeloupe") },
        { QStringLiteral("02"), QStringLiteral("Martinique") },
        { QStringLiteral("03"), QStringLiteral("Guyane") },
        { QStringLiteral("04"), QStringLiteral("La Réunion") },
        { QStringLiteral("06"), QStringLiteral("Mayotte") },
        { QStringLiteral("11"), QStringLiteral("Île-de-France") },
        { QStringLiteral("24"), QStringLiteral("Centre-Val de Loire") },
        { QStringLiteral("27"), QStringLiteral("Bourgogne-Franche-Comté") },
        { QStringLiteral("28"), QStringLiteral("Normandie") },
        { QStringLiteral("32"), QStringLiteral("Hauts-de-France") },
        { QStringLiteral("44"), QStringLiteral("Grand Est") },
        { QStringLiteral("52"), QStringLiteral("Pays de la Loire") },
        { QStringLiteral("53"), QStringLiteral("Bretagne") },
        { QStringLiteral("75"), QStringLiteral("Nouvelle-Aquitaine") },
        { QStringLiteral("76"), QStringLiteral("Occitanie") },
        { QStringLiteral("84"), QStringLiteral("Auvergne-Rhône-Alpes") },
        { QStringLiteral("93"), QStringLiteral("Provence-Alpes-Côte d'Azur") },
        { QStringLiteral("94"), QStringLiteral("Corse") },
    };
    return names;
}

const QString kUse = QStringLiteral("use_autorisation");
const QString kNational = QStringLiteral("national");

/// What is summed for one scope while counting.
struct Tally
{
    QHash<QString, qint64> demarches;
    qint64 demarchesRealisees = 0;
    QSet<qint64> usagers;
    qint64 mandats = 0;
    QSet<qint64> aidantsHabilites;
    QSet<qint64> aidantsEnCours;
    QSet<QString> requestsEnCours; ///< email_normalized of requests in the training pipeline
    qint64 structuresHabilitees = 0;
    qint64 structuresEnCours = 0;
};

/// One organisation's state while counting its aidants and requests.
struct OrganisationState
{
    QStringList scopes;
    bool active = false;
    bool hasHabilite = false;
    bool hasPending = false; ///< an aidant en cours or an open habilitation request
};

/// A read-only transaction, so that every figure comes from one snapshot of the database.
class ReadSnapshot
{
public:
    ReadSnapshot(QSqlDatabase &db, Dialect dialect)
        : m_db(db)
    {
        Sql::exec(db,
            dialect == Dialect::PostgreSql ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                                           : QStringLiteral("BEGIN"));
    }
    ~ReadSnapshot()
    {
        try {
            Sql::exec(m_db, QStringLiteral("ROLLBACK"));
        } catch (const DatabaseError &) {
            // The connection is gone: so is the transaction.
        }
    }
    Q_DISABLE_COPY_MOVE(ReadSnapshot)

private:
    QSqlDatabase &m_db;
};

Dialect dialectOf(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL") ? Dialect::PostgreSql : Dialect::Sqlite;
}

} // namespace

namespace StatsGeography {

QString departementOfPostcode(const QString &postcode)
{
    const QString p = postcode.trimmed();
    if (p.size() != 5)
        return {};
    if (p.startsWith(QLatin1String("2A")) || p.startsWith(QLatin1String("2B")))
        return p.left(2);
    for (const QChar c : p) {
        if (!c.isDigit())
            return {};
    }
    if (p.startsWith(QLatin1String("20"))) {
        // Corsica: Corse-du-Sud 20000–20199, Haute-Corse 20200–20699.
        return p.mid(2, 1).toInt() < 2 ? QStringLiteral("2A") : QStringLiteral("2B");
    }
    const QString code = p.startsWith(QLatin1String("97")) ? p.left(3) : p.left(2);
    return departementRegions().contains(code) ? code : QString();
}

QString regionOfDepartement(const QString &departement)
{
    return departementRegions().value(departement);
}

bool isDepartement(const QString &code)
{
    return departementRegions().contains(code);
}

bool isRegion(const QString &code)
{
    return regionNames().contains(code);
}

QStringList departements()
{
    return departementRegions().keys();
}

QStringList regions()
{
    return regionNames().keys();
}

QString regionName(const QString &code)
{
    return regionNames().value(code);
}

} // namespace StatsGeography

StatsService::StatsService(Database &database, const ServerConfig &config)
    : m_database(database)
    , m_refreshSeconds(config.statsRefreshSeconds)
{
}

StatsService::~StatsService()
{
    stop();
}

void StatsService::start()
{
    if (m_thread)
        return;
    m_stopping = false;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("stats"));
    m_thread->start();
}

void StatsService::stop()
{
    if (!m_thread)
        return;
    {
        QMutexLocker lock(&m_wakeMutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
}

void StatsService::run()
{
    // The thread's own connection (Database::connection), reopened with back-off when lost like the
    // pool's; it goes with the thread.
    bool down = false;
    while (!m_stopping) {
        int waitMs = m_refreshSeconds * 1000;
        try {
            refresh();
            if (down)
                qCInfo(lcStats) << "the database is back: statistics counted again";
            down = false;
        } catch (const DatabaseUnavailable &e) {
            if (!down)
                qCWarning(lcStats) << "statistics not counted until the database is back:" << e.what();
            down = true;
            waitMs = qMin(waitMs, DatabaseUnavailable::kRetryAfterSeconds * 1000);
        } catch (const DatabaseError &e) {
            qCWarning(lcStats) << "statistics count failed:" << e.what();
        }
        QMutexLocker lock(&m_wakeMutex);
        if (!m_stopping)
            m_wake.wait(&m_wakeMutex, waitMs);
    }
}

QString StatsService::scopeOfFilter(const QString &departement, const QString &region)
{
    const auto invalid = [] {
        return ApiError(400, QStringLiteral("invalid_filter"),
            QStringLiteral("Le filtre est invalide : indiquez un code de département (ex. 75, 2A, 971) "
                           "ou un code de région INSEE (ex. 11), pas les deux."));
    };
    if (!departement.isEmpty() && !region.isEmpty())
        throw invalid();
    if (!departement.isEmpty()) {
        if (!StatsGeography::isDepartement(departement.toUpper()))
            throw invalid();
        return QStringLiteral("departement:") + departement.toUpper();
    }
    if (!region.isEmpty()) {
        if (!StatsGeography::isRegion(region))
            throw invalid();
        return QStringLiteral("region:") + region;
    }
    return kNational;
}

std::shared_ptr<const StatsEntry> StatsService::publicEntry(const QString &scope)
{
    std::shared_ptr<const Snapshot> snapshot;
    {
        QMutexLocker lock(&m_snapshotMutex);
        snapshot = m_snapshot;
    }
    if (!snapshot) {
        // Before the worker's first count (or without a worker): count here, once.
        QMutexLocker refreshing(&m_refreshMutex);
        {
            QMutexLocker lock(&m_snapshotMutex);
            snapshot = m_snapshot;
        }
        if (!snapshot) {
            refreshing.unlock();
            refresh();
            QMutexLocker lock(&m_snapshotMutex);
            snapshot = m_snapshot;
        }
    }
    return snapshot->value(scope);
}

void StatsService::refresh()
{
    QMutexLocker refreshing(&m_refreshMutex);
    QSqlDatabase db = m_database.connection();
    const QHash<QString, StatsFigures> counted = count(db, 0, Clock::instance().nowMs());
    auto snapshot = std::make_shared<Snapshot>();
    for (auto it = counted.begin(); it != counted.end(); ++it)
        snapshot->insert(it.key(), std::make_shared<const StatsEntry>(entryOf(it.value())));
    QMutexLocker lock(&m_snapshotMutex);
    m_snapshot = std::move(snapshot);
}

StatsEntry StatsService::entryOf(const StatsFigures &figures)
{
    StatsEntry entry;
    entry.figures = figures;
    entry.json = QJsonDocument(figures.toJson()).toJson(QJsonDocument::Compact);
    entry.etag
        = '"' + QCryptographicHash::hash(entry.json, QCryptographicHash::Sha256).left(16).toHex() + '"';
    return entry;
}

StatsFigures StatsService::organisationFigures(const AuthContext &context, const QString &org)
{
    ReferentScope scope(m_database, context.aidantId);
    const qint64 organisationId = scope.organisation(org);
    const StatsFigures figures = count(scope.db, organisationId, scope.nowMs)
                                     .value(QStringLiteral("organisation:%1").arg(organisationId));
    scope.commit(); // nothing written
    return figures;
}

QHash<QString, StatsFigures> StatsService::count(QSqlDatabase &db, qint64 organisationId, qint64 nowMs)
{
    const bool one = organisationId != 0;
    // One organisation is counted inside the caller's transaction; the public scopes in a read-only one.
    std::optional<ReadSnapshot> readSnapshot;
    if (!one)
        readSnapshot.emplace(db, dialectOf(db));
    QHash<QString, Tally> tallies;
    QHash<qint64, OrganisationState> organisations;
    const QVariantList idParam = one ? QVariantList { organisationId } : QVariantList {};

    // Which scopes each organisation counts in; excluded organisations count in none (public scopes).
    Sql::forEachRow(db,
        QStringLiteral("SELECT id, postcode, is_active, excluded_from_stats FROM organisations")
            + (one ? QStringLiteral(" WHERE id = ?") : QString()),
        idParam, [&](const QSqlQuery &q) {
            OrganisationState state;
            state.active = q.value(2).toBool();
            if (one) {
                state.scopes = { QStringLiteral("organisation:%1").arg(organisationId) };
            } else {
                if (q.value(3).toBool())
                    return;
                state.scopes = { kNational };
                const QString departement = StatsGeography::departementOfPostcode(q.value(1).toString());
                if (!departement.isEmpty()) {
                    state.scopes.append(QStringLiteral("departement:") + departement);
                    const QString region = StatsGeography::regionOfDepartement(departement);
                    if (!region.isEmpty())
                        state.scopes.append(QStringLiteral("region:") + region);
                }
            }
            organisations.insert(q.value(0).toLongLong(), state);
        });
    const QString orgFilter = one ? QStringLiteral(" AND organisation_id = ?") : QString();
    const auto scopesOf = [&organisations](qint64 id) -> const QStringList * {
        const auto it = organisations.constFind(id);
        return it == organisations.constEnd() ? nullptr : &it->scopes;
    };

    // Démarches réalisées, by type: the use_autorisation entries (one démarche each).
    Sql::forEachRow(db,
        QStringLiteral("SELECT organisation_id, demarches, count(*) FROM journal WHERE action = ?")
            + orgFilter + QStringLiteral(" GROUP BY organisation_id, demarches"),
        QVariantList { kUse } + idParam, [&](const QSqlQuery &q) {
            if (const QStringList *scopes = scopesOf(q.value(0).toLongLong())) {
                for (const QString &scope : *scopes) {
                    Tally &t = tallies[scope];
                    t.demarches[q.value(1).toString()] += q.value(2).toLongLong();
                    t.demarchesRealisees += q.value(2).toLongLong();
                }
            }
        });
    // Personnes accompagnées: distinct usagers of those entries, per scope.
    Sql::forEachRow(db,
        QStringLiteral("SELECT DISTINCT organisation_id, usager_id FROM journal WHERE action = ?") + orgFilter
            + QStringLiteral(" AND usager_id IS NOT NULL"),
        QVariantList { kUse } + idParam, [&](const QSqlQuery &q) {
            if (const QStringList *scopes = scopesOf(q.value(0).toLongLong())) {
                for (const QString &scope : *scopes)
                    tallies[scope].usagers.insert(q.value(1).toLongLong());
            }
        });
    // Mandats créés (revoked and expired ones included).
    Sql::forEachRow(db,
        QStringLiteral("SELECT organisation_id, count(*) FROM mandats")
            + (one ? QStringLiteral(" WHERE organisation_id = ?") : QString())
            + QStringLiteral(" GROUP BY organisation_id"),
        idParam, [&](const QSqlQuery &q) {
            if (const QStringList *scopes = scopesOf(q.value(0).toLongLong())) {
                for (const QString &scope : *scopes)
                    tallies[scope].mandats += q.value(1).toLongLong();
            }
        });
    // Aidants of active organisations: habilités (may create mandats, a confirmed device not retired)
    // or en cours (may create mandats, no such device yet). Référents non-aidants are neither.
    Sql::forEachRow(db,
        QStringLiteral("SELECT ao.organisation_id, a.id, a.can_create_mandats, EXISTS (SELECT 1 FROM"
                       " otp_devices d WHERE d.aidant_id = a.id AND d.confirmed AND d.retired_at IS NULL)"
                       " FROM aidant_organisations ao JOIN aidants a ON a.id = ao.aidant_id"
                       " WHERE a.is_active")
            + (one ? QStringLiteral(" AND ao.organisation_id = ?") : QString()),
        idParam, [&](const QSqlQuery &q) {
            const auto it = organisations.find(q.value(0).toLongLong());
            if (it == organisations.end() || !it->active || !q.value(2).toBool())
                return;
            const qint64 aidantId = q.value(1).toLongLong();
            const bool habilite = q.value(3).toBool();
            (habilite ? it->hasHabilite : it->hasPending) = true;
            for (const QString &scope : std::as_const(it->scopes))
                (habilite ? tallies[scope].aidantsHabilites : tallies[scope].aidantsEnCours).insert(aidantId);
        });
    // Habilitation requests: those in the training pipeline (processing, processing_p2p, or validated
    // without an account yet) are aidants en cours; any open request makes a structure en cours.
    Sql::forEachRow(db,
        QStringLiteral("SELECT organisation_id, email_normalized, status, aidant_id IS NULL FROM"
                       " habilitation_requests WHERE status IN ('waiting_list', 'new', 'processing',"
                       " 'processing_p2p', 'validated')")
            + orgFilter,
        idParam, [&](const QSqlQuery &q) {
            const auto it = organisations.find(q.value(0).toLongLong());
            if (it == organisations.end() || !it->active)
                return;
            const QString status = q.value(2).toString();
            const bool noAccount = q.value(3).toBool();
            if (status == QLatin1String("validated") && !noAccount)
                return; // the aidant's account counts
            it->hasPending = true;
            if (status == QLatin1String("processing") || status == QLatin1String("processing_p2p")
                || status == QLatin1String("validated")) {
                for (const QString &scope : std::as_const(it->scopes))
                    tallies[scope].requestsEnCours.insert(q.value(1).toString());
            }
        });
    for (const OrganisationState &state : std::as_const(organisations)) {
        if (!state.active)
            continue;
        for (const QString &scope : state.scopes) {
            if (state.hasHabilite)
                ++tallies[scope].structuresHabilitees;
            else if (state.hasPending)
                ++tallies[scope].structuresEnCours;
        }
    }

    // Every scope answers, with zeros where nothing is counted.
    QStringList scopes;
    if (one) {
        scopes = { QStringLiteral("organisation:%1").arg(organisationId) };
    } else {
        scopes = { kNational };
        for (const QString &d : StatsGeography::departements())
            scopes.append(QStringLiteral("departement:") + d);
        for (const QString &r : StatsGeography::regions())
            scopes.append(QStringLiteral("region:") + r);
    }
    QHash<QString, StatsFigures> result;
    for (const QString &scope : std::as_const(scopes)) {
        const Tally t = tallies.value(scope);
        StatsFigures f;
        f.scope = scope;
        f.demarchesRealisees = t.demarchesRealisees;
        f.personnesAccompagnees = t.usagers.size();
        f.mandatsCrees = t.mandats;
        f.aidantsHabilites = t.aidantsHabilites.size();
        f.aidantsEnCoursHabilitation = t.aidantsEnCours.size() + t.requestsEnCours.size();
        f.structuresHabilitees = t.structuresHabilitees;
        f.structuresEnCoursHabilitation = t.structuresEnCours;
        for (const Demarche &d : Demarches::all())
            f.demarchesParType.append({ d.code, t.demarches.value(d.code) });
        f.computedAtMs = nowMs;
        result.insert(scope, f);
    }
    return result;
}
