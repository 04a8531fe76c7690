#include "AdminCli.h"

#include "ApiServer.h"
#include "CardImporter.h"
#include "Clock.h"
#include "Database.h"
#include "Demarches.h"
#include "HabilitationService.h"
#include "Journal.h"
#include "Outbox.h"
#include "Repository.h"
#include "SeedVault.h"
#include "ServerConfig.h"
#include "Validation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <functional>
#include <memory>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace AdminCli {
namespace {

const QString kDefaultConfig = QStringLiteral("/etc/aidants-connect-server/aidants-connect-server.conf");

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message)
{
    err() << "error: " << message << Qt::endl;
    return 1;
}

/// What every command gets: the parsed options, the configuration and an opened, migrated database.
struct Context
{
    QCommandLineParser &parser;
    ServerConfig &config;
    Database &database;
};

struct Command
{
    QString name;
    QString summary;
    QList<QCommandLineOption> options;
    QStringList positional; ///< names of required positional arguments
    std::function<int(Context &)> run;
    /// Loads and checks the OTP seed key first (and seals seeds left in clear).
    bool needsSeedKey = true;
};

/// Quits the event loop on SIGTERM or SIGINT, through a self-pipe (a signal handler may only write).
class StopOnSignals
{
public:
    StopOnSignals()
    {
#ifdef Q_OS_UNIX
        if (::pipe(s_fds) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(s_fds[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [] {
            char byte = 0;
            [[maybe_unused]] const auto n = ::read(s_fds[0], &byte, 1);
            QCoreApplication::quit();
        });
        struct sigaction action
        {
        };
        action.sa_handler = [](int) {
            const char byte = 1;
            [[maybe_unused]] const auto n = ::write(s_fds[1], &byte, 1);
        };
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGTERM, &action, nullptr);
        ::sigaction(SIGINT, &action, nullptr);
#endif
    }
    ~StopOnSignals()
    {
#ifdef Q_OS_UNIX
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
#endif
    }
    Q_DISABLE_COPY_MOVE(StopOnSignals)

private:
#ifdef Q_OS_UNIX
    static inline int s_fds[2] = { -1, -1 };
    std::unique_ptr<QSocketNotifier> m_notifier;
#endif
};

int serve(Context &ctx)
{
    ApiServer server(ctx.database, ctx.config);
    QString error;
    if (!server.initialise(&error))
        return fail(error);
    const quint16 port = server.listen(&error);
    if (port == 0)
        return fail(error);
    // systemd stops the service with SIGTERM: finish cleanly (the email being sent, the requests
    // being answered) instead of dying between an SMTP acceptance and its sent mark. Installed
    // before the "listening" line, which tells scripts the server may now be stopped.
    StopOnSignals stopOnSignals;
    // The outbox worker sends the queued emails on its own thread (docs/email.md).
    OutboxWorker outbox(ctx.database, ctx.config.smtp);
    outbox.start();
    // Tests and scripts read this line to learn the port (the configured one may be 0: any free port).
    out() << "listening on " << (ctx.config.tlsEnabled() ? "https" : "http") << "://"
          << ctx.config.listenAddress.toString() << ':' << port << Qt::endl;
    const int exitCode = QCoreApplication::exec();
    outbox.stop();
    err() << "stopped" << Qt::endl; // the clean path ran to its end (tests read it)
    return exitCode;
}

int sendTestEmail(Context &ctx)
{
    const QString to = ctx.parser.value(QStringLiteral("to")).trimmed();
    if (!Validation::isValidEmail(to))
        return fail(QStringLiteral("--to is not a valid email address"));
    OutgoingEmail email;
    email.to = to;
    email.subject = QStringLiteral("Aidants Connect : message de test de l’envoi des e-mails");
    email.body = QStringLiteral(
        "Bonjour,\n\n"
        "Ce message a été envoyé par le serveur Aidants Connect pour vérifier la configuration de l’envoi "
        "des e-mails (section [smtp]). S’il vous est parvenu, les usagers recevront bien les avis des "
        "démarches effectuées pour eux.\n\n"
        "Vous n’avez rien à faire.\n\n"
        "— Aidants Connect\n");
    QSqlDatabase db = ctx.database.connection();
    {
        Transaction tx(db, ctx.database.dialect());
        Outbox::enqueue(db, email, Clock::instance().nowMs());
        tx.commit();
    }
    if (ctx.parser.isSet(QStringLiteral("queue-only")) || !ctx.config.smtp.enabled()) {
        out() << "queued" << Qt::endl;
        return 0;
    }
    // Sends everything due, this email included (unless a running server's worker took it first).
    OutboxWorker worker(ctx.database, ctx.config.smtp);
    out() << (worker.runOnce() > 0 ? "sent" : "queued") << Qt::endl;
    return 0;
}

int createOrganisation(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser;
    OrganisationInfo o;
    o.name = p.value(QStringLiteral("name")).trimmed();
    o.type = p.value(QStringLiteral("type")).trimmed();
    o.siret = p.value(QStringLiteral("siret")).trimmed();
    o.address = p.value(QStringLiteral("address")).trimmed();
    o.postcode = p.value(QStringLiteral("postcode")).trimmed();
    o.city = p.value(QStringLiteral("city")).trimmed();
    o.allowedDemarches = p.isSet(QStringLiteral("demarches"))
        ? p.value(QStringLiteral("demarches")).split(QLatin1Char(','), Qt::SkipEmptyParts)
        : Demarches::allCodes();
    if (o.name.isEmpty())
        return fail(QStringLiteral("--name is required"));
    if (!Validation::isValidSiret(o.siret))
        return fail(QStringLiteral("--siret must have 14 digits"));
    if (!o.postcode.isEmpty() && !Validation::isValidPostcode(o.postcode))
        return fail(QStringLiteral("--postcode is not a French postcode"));
    if (o.allowedDemarches.isEmpty())
        return fail(QStringLiteral("--demarches needs at least one démarche"));
    for (const QString &code : o.allowedDemarches) {
        if (!Demarches::isKnown(code))
            return fail(QStringLiteral("unknown démarche %1 (known: %2)")
                            .arg(code, Demarches::allCodes().join(QLatin1Char(','))));
    }
    QSqlDatabase db = ctx.database.connection();
    const qint64 id = Repository(db).createOrganisation(o, Clock::instance().nowMs());
    out() << id << Qt::endl;
    return 0;
}

int addAidant(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser;
    AidantInfo a;
    a.email = p.value(QStringLiteral("email")).trimmed();
    a.firstName = p.value(QStringLiteral("first-name")).trimmed();
    a.lastName = p.value(QStringLiteral("last-name")).trimmed();
    a.profession = p.value(QStringLiteral("profession")).trimmed();
    a.canCreateMandats = !p.isSet(QStringLiteral("no-mandats"));
    if (!Validation::isValidEmail(a.email))
        return fail(QStringLiteral("--email is not a valid email address"));
    if (a.firstName.isEmpty() || a.lastName.isEmpty())
        return fail(QStringLiteral("--first-name and --last-name are required"));
    bool ok = false;
    a.currentOrganisationId = p.value(QStringLiteral("organisation")).toLongLong(&ok);
    QSqlDatabase db = ctx.database.connection();
    Repository repository(db);
    if (!ok || !repository.organisation(a.currentOrganisationId))
        return fail(QStringLiteral("--organisation must be the id of an existing organisation"));
    a.organisationIds = { a.currentOrganisationId };
    if (p.isSet(QStringLiteral("referent")))
        a.referentOf = { a.currentOrganisationId };
    Transaction tx(db, ctx.database.dialect());
    const qint64 id = repository.createAidant(a, Clock::instance().nowMs());
    if (id == 0)
        return fail(QStringLiteral("an aidant with this email already exists"));
    tx.commit();
    out() << id << Qt::endl;
    return 0;
}

int importCards(Context &ctx)
{
    const QString path = ctx.parser.positionalArguments().value(1);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1").arg(path));
    const auto rows = CardImporter::parse(file.readAll());
    if (!rows)
        return fail(QStringLiteral("%1: %2; nothing was imported").arg(path, rows.error().message));
    const CardImporter::Report report = CardImporter::import(ctx.database, rows.value());
    out() << report.added << " added, " << report.updated << " updated" << Qt::endl;
    return 0;
}

int associateCard(Context &ctx)
{
    const QString serial = ctx.parser.value(QStringLiteral("serial")).trimmed();
    const QString email = ctx.parser.value(QStringLiteral("email")).trimmed();
    QSqlDatabase db = ctx.database.connection();
    Repository repository(db);
    Transaction tx(db, ctx.database.dialect());
    const auto card = repository.cardBySerial(serial);
    if (!card)
        return fail(QStringLiteral("no card with serial number %1").arg(serial));
    if (card->retired)
        return fail(QStringLiteral("card %1 is retired (lost, broken or faulty): it cannot be associated")
                        .arg(serial));
    if (card->aidantId != 0)
        return fail(QStringLiteral("card %1 is already associated with an aidant").arg(serial));
    const auto aidant = repository.aidantByEmail(email);
    if (!aidant)
        return fail(QStringLiteral("no aidant with this email"));
    repository.lockAidant(tx, aidant->info.id);
    if (const auto current = repository.aidantDeviceForUpdate(tx, aidant->info.id, QStringLiteral("card")))
        return fail(
            QStringLiteral("this aidant already has card %1: dissociate it first (one card per aidant)")
                .arg(current->serial));
    repository.associateCard(card->id, aidant->info.id, true);
    JournalEntry entry;
    entry.action = QStringLiteral("card_association");
    entry.aidantId = aidant->info.id;
    entry.organisationId = aidant->info.currentOrganisationId;
    entry.info = QStringLiteral("card %1").arg(serial);
    Journal::append(db, tx, entry, Clock::instance().nowMs());
    tx.commit();
    out() << "card " << serial << " associated" << Qt::endl;
    return 0;
}

int demoData(Context &ctx)
{
    QSqlDatabase db = ctx.database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, ctx.database.dialect());
    // Two organisations: the second one's référent is also référent of the first (the Espace
    // référent then manages two organisations, docs/referent.md).
    OrganisationInfo paris;
    paris.name = QStringLiteral("France Services de Démo");
    paris.type = QStringLiteral("France Services");
    paris.siret = QStringLiteral("13002603200016");
    paris.address = QStringLiteral("12 place de la Mairie");
    paris.postcode = QStringLiteral("75011");
    paris.city = QStringLiteral("Paris");
    paris.allowedDemarches = Demarches::allCodes();
    const qint64 parisId = repository.createOrganisation(paris, now);
    OrganisationInfo montreuil;
    montreuil.name = QStringLiteral("CCAS de Montreuil (démo)");
    montreuil.type = QStringLiteral("CCAS");
    montreuil.siret = QStringLiteral("21930048700017");
    montreuil.address = QStringLiteral("1 place Jean Jaurès");
    montreuil.postcode = QStringLiteral("93100");
    montreuil.city = QStringLiteral("Montreuil");
    montreuil.allowedDemarches = Demarches::allCodes();
    const qint64 montreuilId = repository.createOrganisation(montreuil, now);

    struct DemoAidant
    {
        QString email, firstName, lastName, profession, serial; ///< no serial: no device yet
        QList<qint64> organisations, referentOf;
        bool canCreateMandats = true;
    };
    const QList<DemoAidant> people = {
        { QStringLiteral("pascal.referent@demo.aidantsconnect.fr"), QStringLiteral("Pascal"),
            QStringLiteral("Lefèvre"), QStringLiteral("Responsable France Services"),
            QStringLiteral("GADT00000001"), { parisId }, { parisId } },
        { QStringLiteral("camille.aidante@demo.aidantsconnect.fr"), QStringLiteral("Camille"),
            QStringLiteral("Durand"), QStringLiteral("Conseillère numérique"), QStringLiteral("GADT00000002"),
            { parisId }, {} },
        { QStringLiteral("karim.aidant@demo.aidantsconnect.fr"), QStringLiteral("Karim"),
            QStringLiteral("Benali"), QStringLiteral("Agent d'accueil"), QStringLiteral("GADT00000003"),
            { parisId }, {} },
        { QStringLiteral("sophie.referente@demo.aidantsconnect.fr"), QStringLiteral("Sophie"),
            QStringLiteral("Bernard"), QStringLiteral("Directrice du CCAS"), QStringLiteral("GADT00000004"),
            { montreuilId, parisId }, { montreuilId, parisId } },
        { QStringLiteral("thomas.aidant@demo.aidantsconnect.fr"), QStringLiteral("Thomas"),
            QStringLiteral("Petit"), QStringLiteral("Travailleur social"), QStringLiteral("GADT00000005"),
            { montreuilId }, {} },
        { QStringLiteral("lucie.aidante@demo.aidantsconnect.fr"), QStringLiteral("Lucie"),
            QStringLiteral("Martin"), QStringLiteral("Médiatrice numérique"), {}, { parisId }, {} },
        // A référent non-aidant without a device: « Première connexion ? » (docs/referent.md).
        { QStringLiteral("nadia.referente@demo.aidantsconnect.fr"), QStringLiteral("Nadia"),
            QStringLiteral("Roux"), QStringLiteral("Responsable de l'action sociale"), {}, { montreuilId },
            { montreuilId }, false },
    };
    // Free cards in stock, for « Lier une carte ».
    const QStringList stock
        = { QStringLiteral("GADT00000010"), QStringLiteral("GADT00000011"), QStringLiteral("GADT00000012") };
    const auto newSeed = [] {
        QByteArray seed(20, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(seed.data()), seed.size() / 4);
        return seed;
    };
    QStringList lines;
    QHash<qint64, int> cardsOf { { parisId, int(stock.size()) } }; // the stock is the first organisation's
    for (const DemoAidant &person : people) {
        AidantInfo a;
        a.email = person.email;
        a.firstName = person.firstName;
        a.lastName = person.lastName;
        a.profession = person.profession;
        a.currentOrganisationId = person.organisations.first();
        a.organisationIds = person.organisations;
        a.referentOf = person.referentOf;
        a.canCreateMandats = person.canCreateMandats;
        const qint64 aidantId = repository.createAidant(a, now);
        if (aidantId == 0)
            return fail(QStringLiteral("demo data already loaded (%1 exists)").arg(person.email));
        if (person.serial.isEmpty()) {
            lines.append(QStringLiteral("%1 - -").arg(person.email));
            continue;
        }
        const QByteArray seed = newSeed();
        cardsOf[person.organisations.first()] += 1;
        repository.upsertCard(person.serial, seed, now);
        repository.associateCard(repository.cardBySerial(person.serial)->id, aidantId, true);
        lines.append(
            QStringLiteral("%1 %2 %3").arg(person.email, person.serial, QString::fromLatin1(seed.toHex())));
    }
    for (const QString &serial : stock) {
        const QByteArray seed = newSeed();
        repository.upsertCard(serial, seed, now);
        lines.append(QStringLiteral("(free) %1 %2").arg(serial, QString::fromLatin1(seed.toHex())));
    }
    for (const qint64 organisationId : { parisId, montreuilId }) {
        JournalEntry entry;
        entry.action = QStringLiteral("import_totp_cards");
        entry.organisationId = organisationId;
        entry.info
            = QStringLiteral("demo data: %1 cards").arg(organisationId == parisId ? 4 + stock.size() : 2);
        Journal::append(db, tx, entry, now);
    }
    // Habilitation: training sessions and requests in several states (docs/habilitation.md).
    HabilitationAdmin::loadDemoData(db, tx, parisId, montreuilId, now);
    tx.commit();

    // The seeds are demo secrets, printed on purpose so that the demo cards can be simulated (oathtool).
    out() << "Organisations « " << paris.name << " » (id " << parisId << ") and « " << montreuil.name
          << " » (id " << montreuilId << ")\n";
    out() << "email serial seed_hex (60 s step); (free): cards in stock; - -: no device yet\n";
    for (const QString &line : lines)
        out() << line << '\n';
    out().flush();
    const QString seedsFile = ctx.parser.value(QStringLiteral("seeds-file"));
    if (!seedsFile.isEmpty()) {
        QFile file(seedsFile);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(QStringLiteral("cannot write %1").arg(seedsFile));
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
    }
    return 0;
}

int journal(Context &ctx)
{
    if (ctx.parser.positionalArguments().value(1) != QLatin1String("verify"))
        return fail(QStringLiteral("usage: journal verify --config FILE"));
    QSqlDatabase db = ctx.database.connection();
    const Journal::VerifyReport report = Journal::verify(db);
    if (!report.ok) {
        out() << "journal BROKEN in the " << Journal::chainName(report.badChain) << " at entry "
              << report.firstBadSeq << ": " << report.problem << Qt::endl;
        return 1;
    }
    out() << "journal OK: " << report.entries << " entries in " << report.chains << " chains ("
          << report.legacyEntries << " in the legacy chain)" << Qt::endl;
    return 0;
}

int rotateSeedKey(Context &ctx)
{
    const QString path = ctx.parser.value(QStringLiteral("new-key-file"));
    if (path.isEmpty())
        return fail(QStringLiteral("--new-key-file is required"));
    const auto next = SeedKey::load(path);
    if (!next)
        return fail(next.error().message);
    const auto rotated = SeedVault::rotate(ctx.database, SeedCipher::processKey(), next.value());
    if (!rotated)
        return fail(rotated.error().message + QStringLiteral("; nothing was changed"));
    out() << rotated.value() << " seeds re-encrypted under key " << next.value().id << ".\n"
          << "Now install " << path
          << " as the seed key ([security] seed_key_file or the seed-key credential) "
          << "and start the server: the previous key no longer opens the seeds." << Qt::endl;
    return 0;
}

int migrate(Context &)
{
    out() << "schema at version " << Database::latestSchemaVersion() << Qt::endl;
    return 0;
}

QCommandLineOption valueOption(const QString &name, const QString &description)
{
    return QCommandLineOption(name, description, name);
}

// Habilitation, the ANCT's side (docs/habilitation.md): requests, training sessions, structure changes.

/// A CSV field, quoted when it holds a comma, a quote or a line break.
QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"'))
        && !value.contains(QLatin1Char('\n')))
        return value;
    QString quoted = value;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

/// Prints @p rows (the first is the header) as CSV or as an aligned table.
void printRows(const QList<QStringList> &rows, bool csv)
{
    if (csv) {
        for (const QStringList &row : rows) {
            QStringList fields;
            for (const QString &field : row)
                fields.append(csvField(field));
            out() << fields.join(QLatin1Char(',')) << '\n';
        }
        out().flush();
        return;
    }
    QList<int> widths;
    for (const QStringList &row : rows) {
        for (int i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = qMax(widths.at(i), int(row.at(i).size()));
        }
    }
    for (const QStringList &row : rows) {
        QStringList fields;
        for (int i = 0; i < row.size(); ++i)
            fields.append(i + 1 < row.size() ? row.at(i).leftJustified(widths.at(i)) : row.at(i));
        out() << fields.join(QStringLiteral("  ")) << '\n';
    }
    out().flush();
}

/// A positive id option; 0 when absent or invalid.
qint64 idOption(const QCommandLineParser &p, const QString &name)
{
    bool ok = false;
    const qint64 id = p.value(name).toLongLong(&ok);
    return ok && id > 0 ? id : 0;
}

/// The list commands' filters: --status (a code @p fromCode knows) and --organisation (an id).
/// Returns the error to print, empty when both are valid (or absent).
template<typename FromCode>
QString listFilter(const QCommandLineParser &p, FromCode fromCode, QString &status, qint64 &organisationId)
{
    status = p.value(QStringLiteral("status")).trimmed();
    if (!status.isEmpty() && !fromCode(status))
        return QStringLiteral("unknown --status %1").arg(status);
    organisationId = 0;
    if (p.isSet(QStringLiteral("organisation"))
        && (organisationId = idOption(p, QStringLiteral("organisation"))) == 0)
        return QStringLiteral("--organisation must be an organisation id");
    return {};
}

int listHabilitationRequests(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser;
    QString status;
    qint64 organisationId = 0;
    if (const QString error = listFilter(p, Habilitation::statusFromCode, status, organisationId);
        !error.isEmpty())
        return fail(error);
    QSqlDatabase db = ctx.database.connection();
    QList<QStringList> rows { { QStringLiteral("id"), QStringLiteral("organisation"),
        QStringLiteral("status"), QStringLiteral("first_name"), QStringLiteral("last_name"),
        QStringLiteral("email"), QStringLiteral("profession"), QStringLiteral("conseiller_numerique"),
        QStringLiteral("aidant_id"), QStringLiteral("sessions") } };
    HabilitationRepository habilitation(db);
    for (const HabilitationRequestRecord &r : habilitation.requests(organisationId, status)) {
        QStringList sessions;
        for (const qint64 id : habilitation.registeredSessions(r.id))
            sessions.append(QString::number(id));
        rows.append({ QString::number(r.id), QString::number(r.organisationId), Habilitation::code(r.status),
            r.firstName, r.lastName, r.email, r.profession,
            r.conseillerNumerique ? QStringLiteral("yes") : QStringLiteral("no"),
            r.aidantId ? QString::number(r.aidantId) : QString(), sessions.join(QLatin1Char(' ')) });
    }
    printRows(rows, p.isSet(QStringLiteral("csv")));
    return 0;
}

int moveHabilitationRequest(Context &ctx)
{
    const qint64 id = idOption(ctx.parser, QStringLiteral("id"));
    if (id == 0)
        return fail(QStringLiteral("--id must be a habilitation request id"));
    const auto moved
        = HabilitationAdmin::moveRequest(ctx.database, id, ctx.parser.value(QStringLiteral("action")));
    if (!moved)
        return fail(moved.error().message);
    out() << moved.value() << Qt::endl;
    return 0;
}

int createTrainingSession(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser;
    TrainingSessionRecord s;
    s.organisme = p.value(QStringLiteral("organisme")).trimmed();
    s.startDate = QDate::fromString(p.value(QStringLiteral("start")), Qt::ISODate);
    s.endDate = p.isSet(QStringLiteral("end"))
        ? QDate::fromString(p.value(QStringLiteral("end")), Qt::ISODate)
        : s.startDate;
    s.durationHours = p.value(QStringLiteral("duration")).toInt();
    s.maxAttendees = p.value(QStringLiteral("max-attendees")).toInt();
    s.format = p.value(QStringLiteral("format")).trimmed();
    s.place = p.value(QStringLiteral("place")).trimmed();
    s.internalOnly = p.isSet(QStringLiteral("internal"));
    s.published = p.isSet(QStringLiteral("publish"));
    const auto created = HabilitationAdmin::createSession(ctx.database, s);
    if (!created)
        return fail(created.error().message);
    out() << created.value() << Qt::endl;
    return 0;
}

int importTrainingSessions(Context &ctx)
{
    const QString path = ctx.parser.positionalArguments().value(1);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1").arg(path));
    const auto rows = TrainingSessionsCsv::parse(file.readAll());
    if (!rows)
        return fail(QStringLiteral("%1: %2; nothing was imported").arg(path, rows.error().message));
    const auto imported = HabilitationAdmin::importSessions(ctx.database, rows.value());
    if (!imported)
        return fail(imported.error().message);
    out() << imported.value() << " training sessions imported (unpublished)" << Qt::endl;
    return 0;
}

int listTrainingSessions(Context &ctx)
{
    QSqlDatabase db = ctx.database.connection();
    QList<QStringList> rows { { QStringLiteral("id"), QStringLiteral("organisme"),
        QStringLiteral("start_date"), QStringLiteral("end_date"), QStringLiteral("duration_hours"),
        QStringLiteral("format"), QStringLiteral("place"), QStringLiteral("attendees"),
        QStringLiteral("max_attendees"), QStringLiteral("state") } };
    for (const TrainingSessionRecord &s : HabilitationRepository(db).sessions()) {
        const QString state = !s.active ? QStringLiteral("cancelled")
            : s.internalOnly            ? QStringLiteral("internal")
            : s.published               ? QStringLiteral("published")
                                        : QStringLiteral("unpublished");
        rows.append({ QString::number(s.id), s.organisme, s.startDate.toString(Qt::ISODate),
            s.endDate.toString(Qt::ISODate), QString::number(s.durationHours), s.format, s.place,
            QString::number(s.attendees), QString::number(s.maxAttendees), state });
    }
    printRows(rows, ctx.parser.isSet(QStringLiteral("csv")));
    return 0;
}

int publishTrainingSession(Context &ctx)
{
    const qint64 id = idOption(ctx.parser, QStringLiteral("id"));
    if (id == 0)
        return fail(QStringLiteral("--id must be a training session id"));
    const bool publish = !ctx.parser.isSet(QStringLiteral("unpublish"));
    const ::Status done = HabilitationAdmin::publishSession(ctx.database, id, publish);
    if (!done)
        return fail(done.error().message);
    out() << "session " << id << (publish ? " published" : " unpublished") << Qt::endl;
    return 0;
}

int cancelTrainingSession(Context &ctx)
{
    const qint64 id = idOption(ctx.parser, QStringLiteral("id"));
    if (id == 0)
        return fail(QStringLiteral("--id must be a training session id"));
    const auto cancelled = HabilitationAdmin::cancelSession(ctx.database, id);
    if (!cancelled)
        return fail(cancelled.error().message);
    out() << "session " << id << " cancelled; " << cancelled.value() << " registrations cancelled"
          << Qt::endl;
    return 0;
}

int trainingSessionAttendees(Context &ctx)
{
    const qint64 id = idOption(ctx.parser, QStringLiteral("id"));
    if (id == 0)
        return fail(QStringLiteral("--id must be a training session id"));
    QSqlDatabase db = ctx.database.connection();
    HabilitationRepository habilitation(db);
    if (!habilitation.session(id))
        return fail(QStringLiteral("no training session %1").arg(id));
    QList<QStringList> rows { { QStringLiteral("request"), QStringLiteral("organisation"),
        QStringLiteral("first_name"), QStringLiteral("last_name"), QStringLiteral("email"),
        QStringLiteral("status"), QStringLiteral("attended") } };
    for (const AttendeeRecord &a : habilitation.attendees(id)) {
        rows.append({ QString::number(a.requestId), QString::number(a.organisationId), a.firstName,
            a.lastName, a.email, a.status,
            !a.attended       ? QString()
                : *a.attended ? QStringLiteral("yes")
                              : QStringLiteral("no") });
    }
    printRows(rows, ctx.parser.isSet(QStringLiteral("csv")));
    return 0;
}

int recordTrainingAttendance(Context &ctx)
{
    const qint64 session = idOption(ctx.parser, QStringLiteral("session"));
    const qint64 request = idOption(ctx.parser, QStringLiteral("request"));
    const QString attended = ctx.parser.value(QStringLiteral("attended"));
    if (session == 0 || request == 0)
        return fail(QStringLiteral("--session and --request must be ids"));
    if (attended != QLatin1String("yes") && attended != QLatin1String("no"))
        return fail(QStringLiteral("--attended must be yes or no"));
    const ::Status done = HabilitationAdmin::recordAttendance(
        ctx.database, session, request, attended == QLatin1String("yes"));
    if (!done)
        return fail(done.error().message);
    out() << "attendance recorded" << Qt::endl;
    return 0;
}

int listStructureChanges(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser;
    QString status;
    qint64 organisationId = 0;
    if (const QString error = listFilter(p, Habilitation::changeStatusFromCode, status, organisationId);
        !error.isEmpty())
        return fail(error);
    QSqlDatabase db = ctx.database.connection();
    QList<QStringList> rows { { QStringLiteral("id"), QStringLiteral("organisation"),
        QStringLiteral("status"), QStringLiteral("aidant_id"), QStringLiteral("first_name"),
        QStringLiteral("last_name"), QStringLiteral("email") } };
    for (const StructureChangeRecord &c :
        HabilitationRepository(db).structureChanges(organisationId, status)) {
        rows.append({ QString::number(c.id), QString::number(c.organisationId), Habilitation::code(c.status),
            QString::number(c.aidantId), c.firstName, c.lastName, c.email });
    }
    printRows(rows, p.isSet(QStringLiteral("csv")));
    return 0;
}

int decideStructureChange(Context &ctx)
{
    const qint64 id = idOption(ctx.parser, QStringLiteral("id"));
    if (id == 0)
        return fail(QStringLiteral("--id must be a structure change request id"));
    const auto done = HabilitationAdmin::decideStructureChange(ctx.database, id,
        ctx.parser.value(QStringLiteral("action")), ctx.parser.value(QStringLiteral("new-email")).trimmed());
    if (!done)
        return fail(done.error().message);
    out() << done.value() << Qt::endl;
    return 0;
}

/// Leaves an organisation out of the public statistics (ANCT staff, demo and test organisations),
/// or counts it again with --include (docs/stats.md). The figures change at the next count.
int setStatsExclusion(Context &ctx)
{
    const qint64 id = idOption(ctx.parser, QStringLiteral("organisation"));
    if (id == 0)
        return fail(QStringLiteral("--organisation must be an organisation id"));
    const bool excluded = !ctx.parser.isSet(QStringLiteral("include"));
    QSqlDatabase db = ctx.database.connection();
    if (Sql::write(db, QStringLiteral("UPDATE organisations SET excluded_from_stats = ? WHERE id = ?"),
            { excluded, id })
        != 1)
        return fail(QStringLiteral("no organisation %1").arg(id));
    out() << "organisation " << id << (excluded ? " excluded from" : " counted in")
          << " the public statistics" << Qt::endl;
    return 0;
}

QList<Command> commands()
{
    return {
        { QStringLiteral("serve"), QStringLiteral("Run the HTTP API"), {}, {}, serve },
        { QStringLiteral("migrate"), QStringLiteral("Apply pending schema migrations and exit"), {}, {},
            migrate, false },
        { QStringLiteral("create-organisation"), QStringLiteral("Create an organisation; prints its id"),
            { valueOption(QStringLiteral("name"), QStringLiteral("Name")),
                valueOption(QStringLiteral("type"), QStringLiteral("Type (France Services, CCAS…)")),
                valueOption(QStringLiteral("siret"), QStringLiteral("SIRET (14 digits)")),
                valueOption(QStringLiteral("address"), QStringLiteral("Street address")),
                valueOption(QStringLiteral("postcode"), QStringLiteral("Postcode")),
                valueOption(QStringLiteral("city"), QStringLiteral("City")),
                valueOption(QStringLiteral("demarches"),
                    QStringLiteral("Allowed démarches, comma-separated (default: all)")) },
            {}, createOrganisation },
        { QStringLiteral("add-aidant"), QStringLiteral("Add an aidant to an organisation; prints its id"),
            { valueOption(QStringLiteral("email"), QStringLiteral("Email")),
                valueOption(QStringLiteral("first-name"), QStringLiteral("First name")),
                valueOption(QStringLiteral("last-name"), QStringLiteral("Last name")),
                valueOption(QStringLiteral("profession"), QStringLiteral("Profession")),
                valueOption(QStringLiteral("organisation"), QStringLiteral("Organisation id")),
                QCommandLineOption(
                    QStringLiteral("referent"), QStringLiteral("Make the aidant référent of it")),
                QCommandLineOption(QStringLiteral("no-mandats"), QStringLiteral("May not create mandats")) },
            {}, addAidant },
        { QStringLiteral("import-cards"),
            QStringLiteral("Import OTP cards from a CSV file (serial_number,seed), all or nothing"), {},
            { QStringLiteral("file") }, importCards },
        { QStringLiteral("associate-card"), QStringLiteral("Associate an imported card with an aidant"),
            { valueOption(QStringLiteral("serial"), QStringLiteral("Card serial number")),
                valueOption(QStringLiteral("email"), QStringLiteral("Aidant's email")) },
            {}, associateCard },
        { QStringLiteral("demo-data"),
            QStringLiteral("Load the demo organisation, aidants and cards; prints the card seeds"),
            { valueOption(QStringLiteral("seeds-file"),
                QStringLiteral("Also write the seeds to this file (mode 600)")) },
            {}, demoData },
        { QStringLiteral("journal"), QStringLiteral("journal verify: check every hash chain"), {},
            { QStringLiteral("verify") }, journal, false },
        { QStringLiteral("rotate-seed-key"),
            QStringLiteral(
                "Re-encrypt every OTP seed under a new key file, in one transaction (server stopped)"),
            { valueOption(QStringLiteral("new-key-file"),
                QStringLiteral("The new key (32 random bytes, raw or base64)")) },
            {}, rotateSeedKey },
        { QStringLiteral("send-test-email"),
            QStringLiteral("Queue a test email and send the due emails; prints sent or queued"),
            { valueOption(QStringLiteral("to"), QStringLiteral("Recipient address")),
                QCommandLineOption(QStringLiteral("queue-only"),
                    QStringLiteral("Only queue it (a running server sends it)")) },
            {}, sendTestEmail, false },
        // The public statistics (docs/stats.md).
        { QStringLiteral("set-stats-exclusion"),
            QStringLiteral("Leave an organisation out of the public statistics (or --include it again)"),
            { valueOption(QStringLiteral("organisation"), QStringLiteral("Organisation id")),
                QCommandLineOption(
                    QStringLiteral("include"), QStringLiteral("Count it again in the public statistics")) },
            {}, setStatsExclusion, false },
        // Habilitation (docs/habilitation.md).
        { QStringLiteral("habilitation-requests"),
            QStringLiteral("List habilitation requests (table, or CSV with --csv)"),
            { valueOption(
                  QStringLiteral("status"), QStringLiteral("Only this status (waiting_list, new, …)")),
                valueOption(QStringLiteral("organisation"), QStringLiteral("Only this organisation id")),
                QCommandLineOption(QStringLiteral("csv"), QStringLiteral("CSV output")) },
            {}, listHabilitationRequests, false },
        { QStringLiteral("move-habilitation-request"),
            QStringLiteral("Apply an ANCT action to a habilitation request (validate creates the account)"),
            { valueOption(QStringLiteral("id"), QStringLiteral("Request id")),
                valueOption(QStringLiteral("action"),
                    QStringLiteral("to_processing, to_processing_p2p, refuse, validate or cancel")) },
            {}, moveHabilitationRequest, false },
        { QStringLiteral("create-training-session"),
            QStringLiteral("Create a training session; prints its id"),
            { valueOption(QStringLiteral("organisme"), QStringLiteral("Training organisation")),
                valueOption(QStringLiteral("start"), QStringLiteral("First day (YYYY-MM-DD)")),
                valueOption(
                    QStringLiteral("end"), QStringLiteral("Last day (YYYY-MM-DD; default: the first)")),
                valueOption(QStringLiteral("duration"), QStringLiteral("Hours: 7 or 14")),
                valueOption(QStringLiteral("max-attendees"), QStringLiteral("Seats")),
                valueOption(QStringLiteral("format"), QStringLiteral("in_person or remote")),
                valueOption(QStringLiteral("place"), QStringLiteral("Place")),
                QCommandLineOption(
                    QStringLiteral("internal"), QStringLiteral("Internal only (never offered)")),
                QCommandLineOption(QStringLiteral("publish"), QStringLiteral("Publish it at once")) },
            {}, createTrainingSession, false },
        { QStringLiteral("import-training-sessions"),
            QStringLiteral("Import training sessions from a CSV file, all or nothing (unpublished)"), {},
            { QStringLiteral("file") }, importTrainingSessions, false },
        { QStringLiteral("training-sessions"),
            QStringLiteral("List training sessions (table, or CSV with --csv)"),
            { QCommandLineOption(QStringLiteral("csv"), QStringLiteral("CSV output")) }, {},
            listTrainingSessions, false },
        { QStringLiteral("publish-training-session"),
            QStringLiteral("Publish (or --unpublish) a training session"),
            { valueOption(QStringLiteral("id"), QStringLiteral("Session id")),
                QCommandLineOption(
                    QStringLiteral("unpublish"), QStringLiteral("Withdraw it from the offer")) },
            {}, publishTrainingSession, false },
        { QStringLiteral("cancel-training-session"),
            QStringLiteral("Cancel a training session and its registrations (référents emailed)"),
            { valueOption(QStringLiteral("id"), QStringLiteral("Session id")) }, {}, cancelTrainingSession,
            false },
        { QStringLiteral("training-session-attendees"),
            QStringLiteral("List a training session's attendees (table, or CSV with --csv)"),
            { valueOption(QStringLiteral("id"), QStringLiteral("Session id")),
                QCommandLineOption(QStringLiteral("csv"), QStringLiteral("CSV output")) },
            {}, trainingSessionAttendees, false },
        { QStringLiteral("record-training-attendance"),
            QStringLiteral("Record whether a registered request attended a session"),
            { valueOption(QStringLiteral("session"), QStringLiteral("Session id")),
                valueOption(QStringLiteral("request"), QStringLiteral("Habilitation request id")),
                valueOption(QStringLiteral("attended"), QStringLiteral("yes or no")) },
            {}, recordTrainingAttendance, false },
        { QStringLiteral("structure-change-requests"),
            QStringLiteral("List structure change requests (table, or CSV with --csv)"),
            { valueOption(QStringLiteral("status"), QStringLiteral("Only this status (new, validated, …)")),
                valueOption(QStringLiteral("organisation"), QStringLiteral("Only this organisation id")),
                QCommandLineOption(QStringLiteral("csv"), QStringLiteral("CSV output")) },
            {}, listStructureChanges, false },
        { QStringLiteral("decide-structure-change"),
            QStringLiteral("Validate (moves the aidant, ends their sessions) or refuse a structure change"),
            { valueOption(QStringLiteral("id"), QStringLiteral("Structure change request id")),
                valueOption(QStringLiteral("action"), QStringLiteral("validate or refuse")),
                valueOption(
                    QStringLiteral("new-email"), QStringLiteral("With validate: the aidant's new email")) },
            {}, decideStructureChange, false },
    };
}

void printUsage()
{
    out() << "usage: aidants-connect-server <command> [--config FILE] [options]\n\ncommands:\n";
    for (const Command &c : commands())
        out() << "  " << c.name.leftJustified(28) << c.summary << '\n';
    out() << "\n`aidants-connect-server <command> --help` lists a command's options;"
             " `aidants-connect-server --version` prints the version.\n";
    out().flush();
}

} // namespace

int run(const QStringList &arguments)
{
    if (arguments.size() == 1
        && (arguments.first() == QLatin1String("--version") || arguments.first() == QLatin1String("-v"))) {
        out() << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
              << Qt::endl;
        return 0;
    }
    if (arguments.isEmpty() || arguments.first() == QLatin1String("--help")
        || arguments.first() == QLatin1String("-h") || arguments.first() == QLatin1String("help")) {
        printUsage();
        return arguments.isEmpty() ? 2 : 0;
    }
    const QList<Command> all = commands();
    const auto it
        = std::find_if(all.begin(), all.end(), [&](const Command &c) { return c.name == arguments.first(); });
    if (it == all.end()) {
        printUsage();
        return fail(QStringLiteral("unknown command %1").arg(arguments.first()));
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(it->summary);
    parser.addHelpOption();
    parser.addOption(QCommandLineOption(QStringLiteral("config"),
        QStringLiteral("Configuration file (default %1)").arg(kDefaultConfig), QStringLiteral("file"),
        kDefaultConfig));
    parser.addOptions(it->options);
    parser.addPositionalArgument(it->name, it->summary);
    for (const QString &name : it->positional)
        parser.addPositionalArgument(name, name);
    if (!parser.parse(QStringList { QCoreApplication::applicationFilePath() } + arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return 0;
    }
    if (parser.positionalArguments().size() != 1 + it->positional.size())
        return fail(QStringLiteral("%1 expects %2 argument(s): %3")
                        .arg(it->name)
                        .arg(it->positional.size())
                        .arg(it->positional.join(QLatin1Char(' '))));

    auto config = ServerConfig::load(parser.value(QStringLiteral("config")));
    if (!config)
        return fail(config.error().message);
    Database database(config.value().database);
    const Status opened = database.open();
    if (!opened)
        return fail(opened.error().message);
    Context context { parser, config.value(), database };
    try {
        if (it->needsSeedKey) {
            const QString keyFile = config.value().effectiveSeedKeyFile();
            if (keyFile.isEmpty()) {
                return fail(QStringLiteral(
                    "no OTP seed key: set [security] seed_key_file to a file of 32 random bytes "
                    "(openssl rand -base64 32 > FILE; chmod 600 FILE) or provide the systemd "
                    "credential seed-key; see docs/operations.md"));
            }
            const auto key = SeedKey::load(keyFile);
            if (!key)
                return fail(key.error().message);
            int sealed = 0;
            const Status prepared = SeedVault::prepare(database, key.value(), &sealed);
            if (!prepared)
                return fail(prepared.error().message);
            if (sealed > 0)
                err() << "encrypted " << sealed << " OTP seeds that were stored in clear" << Qt::endl;
            SeedCipher::setProcessKey(key.value());
        }
        return it->run(context);
    } catch (const DatabaseError &e) {
        return fail(QString::fromStdString(e.what()));
    }
}

} // namespace AdminCli
