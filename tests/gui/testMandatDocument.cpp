#include "Demarches.h"
#include "Mandat.h"
#include "MandatDocument.h"
#include "MandatPrinter.h"
#include "QrCode.h"

#include <QAbstractTextDocumentLayout>
#include <QDateTime>
#include <QDir>
#include <QImage>
#include <QLocale>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTextTable>
#include <QTimeZone>

#include <ctime>

namespace {

/// 15 August 2024, 12:05 UTC: 14h05 in Paris (summer time), 16 August in Kiritimati (UTC+14).
qint64 sampleCreatedAtMs()
{
    return QDateTime(QDate(2024, 8, 15), QTime(12, 5), QTimeZone::utc()).toMSecsSinceEpoch();
}

MandatInfo sampleMandat(const QString &duration = QStringLiteral("SEMESTER"))
{
    MandatInfo m;
    m.id = 4242;
    m.organisation.id = 7;
    m.organisation.name = QStringLiteral("France Services de Saint-Flour");
    m.organisation.address = QStringLiteral("1 place d'Armes");
    m.organisation.postcode = QStringLiteral("15100");
    m.organisation.city = QStringLiteral("Saint-Flour");
    m.aidantId = 3;
    m.aidantName = QStringLiteral("Camille Fwolk");
    m.usager.id = 11;
    m.usager.givenName = QStringLiteral("Joëlle Françoise");
    m.usager.familyName = QStringLiteral("DUBINÔRE");
    m.usager.birthdate = QStringLiteral("1992-08-15");
    m.usager.gender = QStringLiteral("female");
    m.usagerSubHash = QStringLiteral("5f1c0d8e2a");
    m.demarches = { QStringLiteral("argent"), QStringLiteral("logement"), QStringLiteral("papiers") };
    m.duration = duration;
    m.createdAtMs = sampleCreatedAtMs();
    m.expiresAtMs = m.createdAtMs + qint64(MandatDurations::find(duration)->days) * 24 * 3600 * 1000;
    m.templateVersion = Attestation::kTemplateVersion;
    m.attestationHash = Attestation::hash(m);
    m.verifyUrl = QStringLiteral("https://ac.exemple.fr/verify/4242?h=") + m.attestationHash;
    return m;
}

struct Section
{
    const char *name;
    QString marker;
};

/// One phrase of each of the 12 sections, in the order the reference prescribes.
const QList<Section> &sectionMarkers()
{
    static const QList<Section> list = {
        { "1 title",
            QStringLiteral(
                "Mandat pour réaliser des démarches en ligne avec «&nbsp;Aidants Connect&nbsp;»") },
        { "2 mandant",
            QStringLiteral("Je m'appelle <b>Joëlle Françoise DUBINÔRE</b> et je suis le mandant.") },
        { "3 mandataire", QStringLiteral("en tant que mandataire, à réaliser à ma place les démarches") },
        { "4 duration", QStringLiteral("pour une durée de <b>6 mois (182 jours)</b>") },
        { "5 code civil", QStringLiteral("articles 1984 et suivants du Code civil") },
        { "6 cancellation", QStringLiteral("Je peux annuler ce mandat à tout moment") },
        { "7 legal protection", QStringLiteral("ne pas faire l'objet d'une mesure de protection juridique") },
        { "8 personal data",
            QStringLiteral("droit d'accès, de rectification, de limitation et de suppression") },
        { "9 aidant's commitment", QStringLiteral("sous sa responsabilité civile et pénale") },
        { "10 end conditions", QStringLiteral("le mandat prend fin :") },
        { "11 place and date",
            QStringLiteral("Fait à 1 place d'Armes, 15100 Saint-Flour, le 15 août 2024.") },
        { "12 signature boxes", QStringLiteral("<b>Le mandataire</b>") },
        { "12 signature boxes (mandant)", QStringLiteral("<b>Le mandant</b>") },
    };
    return list;
}

QString draftWarning()
{
    return QStringLiteral("Attention ! Ceci est un projet de mandat. Il n'a aucune valeur juridique.");
}

struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
};

ProcessResult run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForFinished(60000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    return result;
}

/// The PDF's text as pdftotext lays it out, white space collapsed (lines wrap anywhere).
QString pdfText(const QString &path)
{
    const ProcessResult result
        = run(QStringLiteral("pdftotext"), { QStringLiteral("-layout"), path, QStringLiteral("-") });
    if (result.exitCode != 0)
        return {};
    return QString::fromUtf8(result.out).simplified();
}

} // namespace

/// The printed mandat (docs/mandat.md): its sections, escaping, determinism, PDF and QR code.
class TestMandatDocument final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty(),
            "pdftotext (poppler-utils) is needed: tools/dev/install-deps.sh");
        QVERIFY(m_dir.isValid());
    }

    void sections_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("kind");
        for (int i = 0; i < sectionMarkers().size(); ++i) {
            QTest::addRow("final %s", sectionMarkers().at(i).name) << i << int(MandatDocument::Kind::Final);
            QTest::addRow("draft %s", sectionMarkers().at(i).name) << i << int(MandatDocument::Kind::Draft);
        }
    }
    void sections()
    {
        QFETCH(int, index);
        QFETCH(int, kind);
        const QString html = MandatDocument::html(sampleMandat(), MandatDocument::Kind(kind));
        const int position = html.indexOf(sectionMarkers().at(index).marker);
        QVERIFY2(position >= 0, qPrintable(sectionMarkers().at(index).marker));
        QCOMPARE(html.indexOf(sectionMarkers().at(index).marker, position + 1), -1);
        if (index > 0) {
            const int previous = html.indexOf(sectionMarkers().at(index - 1).marker);
            QVERIFY2(previous >= 0 && previous < position, "sections out of order");
        }
    }

    void demarchesListed()
    {
        const MandatInfo m = sampleMandat();
        const QString html = MandatDocument::html(m, MandatDocument::Kind::Final);
        int previous = html.indexOf(QStringLiteral("en tant que mandataire"));
        for (const QString &code : m.demarches) {
            const Demarche *d = Demarches::find(code);
            QVERIFY(d);
            const QString item = QStringLiteral("<b>") + d->title.toUpper().toHtmlEscaped()
                + QStringLiteral("</b> : ") + d->description.toHtmlEscaped();
            const int position = html.indexOf(item);
            QVERIFY2(position > previous, qPrintable(item));
            previous = position;
        }
        // Only the chosen ones.
        QVERIFY(!html.contains(Demarches::find(QStringLiteral("justice"))->title.toUpper()));
    }

    void birthdate_data()
    {
        QTest::addColumn<QString>("birthdate");
        QTest::addColumn<QString>("gender");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("full") << QStringLiteral("1992-08-15") << QStringLiteral("female")
                              << QStringLiteral("15 août 1992")
                              << QStringLiteral("Je suis née le 15 août 1992.");
        QTest::newRow("first of month")
            << QStringLiteral("2001-02-01") << QStringLiteral("male") << QStringLiteral("1er février 2001")
            << QStringLiteral("Je suis né le 1er février 2001.");
        QTest::newRow("presumed day")
            << QStringLiteral("1992-11-00") << QStringLiteral("female") << QStringLiteral("novembre 1992")
            << QStringLiteral("Je suis née en novembre 1992.");
        QTest::newRow("presumed month") << QStringLiteral("1992-00-00") << QStringLiteral("unspecified")
                                        << QStringLiteral("1992") << QStringLiteral("Je suis né(e) en 1992.");
        QTest::newRow("december") << QStringLiteral("1950-12-31") << QStringLiteral("male")
                                  << QStringLiteral("31 décembre 1950")
                                  << QStringLiteral("Je suis né le 31 décembre 1950.");
        QTest::newRow("impossible date")
            << QStringLiteral("1992-02-30") << QStringLiteral("male") << QStringLiteral("1992-02-30")
            << QStringLiteral("Je suis né le 1992-02-30.");
        QTest::newRow("not a date") << QStringLiteral("<1992>") << QStringLiteral("male")
                                    << QStringLiteral("<1992>")
                                    << QStringLiteral("Je suis né le &lt;1992&gt;.");
    }
    void birthdate()
    {
        QFETCH(QString, birthdate);
        QFETCH(QString, gender);
        QFETCH(QString, text);
        QFETCH(QString, sentence);
        QCOMPARE(MandatDocument::frenchBirthdate(birthdate), text);
        MandatInfo m = sampleMandat();
        m.usager.birthdate = birthdate;
        m.usager.gender = gender;
        const QString html = MandatDocument::html(m, MandatDocument::Kind::Final);
        QVERIFY2(html.contains(sentence), qPrintable(sentence));
    }

    void dates_data()
    {
        QTest::addColumn<QDateTime>("utc");
        QTest::addColumn<QString>("date");
        QTest::addColumn<QString>("time");
        const auto utc = [](int y, int mo, int d, int h, int mi) {
            return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc());
        };
        QTest::newRow("summer") << utc(2024, 8, 15, 12, 5) << QStringLiteral("15 août 2024")
                                << QStringLiteral("14h05");
        QTest::newRow("winter") << utc(2025, 2, 13, 12, 5) << QStringLiteral("13 février 2025")
                                << QStringLiteral("13h05");
        QTest::newRow("new year in Paris only")
            << utc(2024, 12, 31, 23, 30) << QStringLiteral("1er janvier 2025") << QStringLiteral("0h30");
        QTest::newRow("after spring change")
            << utc(2024, 3, 31, 1, 0) << QStringLiteral("31 mars 2024") << QStringLiteral("3h00");
    }
    void dates()
    {
        QFETCH(QDateTime, utc);
        QFETCH(QString, date);
        QFETCH(QString, time);
        QCOMPARE(MandatDocument::frenchDate(utc.toMSecsSinceEpoch()), date);
        QCOMPARE(MandatDocument::frenchTime(utc.toMSecsSinceEpoch()), time);
    }

    void duration_data()
    {
        QTest::addColumn<QString>("keyword");
        QTest::addColumn<QString>("printed");
        QTest::addColumn<QString>("until");
        QTest::newRow("SHORT") << QStringLiteral("SHORT")
                               << QStringLiteral("1 jour (le mandat expire demain)")
                               << QStringLiteral("16 août 2024");
        QTest::newRow("MONTH") << QStringLiteral("MONTH") << QStringLiteral("1 mois (31 jours)")
                               << QStringLiteral("15 septembre 2024");
        QTest::newRow("SEMESTER") << QStringLiteral("SEMESTER") << QStringLiteral("6 mois (182 jours)")
                                  << QStringLiteral("13 février 2025");
        QTest::newRow("LONG") << QStringLiteral("LONG") << QStringLiteral("1 an")
                              << QStringLiteral("15 août 2025");
    }
    void duration()
    {
        QFETCH(QString, keyword);
        QFETCH(QString, printed);
        QFETCH(QString, until);
        const QString html = MandatDocument::html(sampleMandat(keyword), MandatDocument::Kind::Final);
        const QString expected = QStringLiteral("pour une durée de <b>") + printed
            + QStringLiteral("</b>, jusqu'au <b>") + until + QStringLiteral("</b>.");
        QVERIFY2(html.contains(expected), qPrintable(expected));
    }

    void escaping()
    {
        MandatInfo m = sampleMandat();
        m.organisation.name = QStringLiteral("<b>&Co</b>");
        m.organisation.city = QStringLiteral("Saint-<i>Flour");
        m.aidantName = QStringLiteral("Camille \"<script>\"");
        m.usager.familyName = QStringLiteral("D'<u>UBOIS</u>");
        m.verifyUrl = QStringLiteral("https://ac.exemple.fr/verify/1?h=a&b=<c>");
        for (const auto kind : { MandatDocument::Kind::Final, MandatDocument::Kind::Draft }) {
            const QString html = MandatDocument::html(m, kind);
            QVERIFY(html.contains(QStringLiteral("&lt;b&gt;&amp;Co&lt;/b&gt;")));
            QVERIFY(!html.contains(QStringLiteral("<b>&Co</b>")));
            QVERIFY(!html.contains(QStringLiteral("<i>Flour")));
            QVERIFY(!html.contains(QStringLiteral("<script>")));
            QVERIFY(!html.contains(QStringLiteral("<u>")));
            QVERIFY(!html.contains(QStringLiteral("<c>")));
            // Rendered, the names read as they were typed.
            QTextDocument document;
            document.setHtml(html);
            const QString text = document.toPlainText();
            QVERIFY(text.contains(QStringLiteral("<b>&Co</b>")));
            QVERIFY(text.contains(QStringLiteral("Joëlle Françoise D'<u>UBOIS</u>")));
            QCOMPARE(text.contains(QStringLiteral("Camille \"<script>\"")), true);
        }
        const QString revocation = MandatDocument::revocationHtml(m, sampleCreatedAtMs());
        QVERIFY(revocation.contains(QStringLiteral("&lt;b&gt;&amp;Co&lt;/b&gt;")));
        QVERIFY(!revocation.contains(QStringLiteral("<b>&Co</b>")));
        QVERIFY(!revocation.contains(QStringLiteral("<u>")));
    }

    void draftAndFinal()
    {
        const MandatInfo m = sampleMandat();
        const QString draft = MandatDocument::html(m, MandatDocument::Kind::Draft);
        const QString final = MandatDocument::html(m, MandatDocument::Kind::Final);

        const int warning = draft.indexOf(draftWarning());
        QVERIFY(warning >= 0);
        QVERIFY(warning < draft.indexOf(sectionMarkers().first().marker));
        // Again above the signatures.
        const int again = draft.indexOf(draftWarning(), warning + 1);
        QVERIFY(again > draft.indexOf(QStringLiteral("le mandat prend fin :")));
        QVERIFY(again < draft.indexOf(QStringLiteral("<b>Le mandataire</b>")));
        QVERIFY(!draft.contains(m.attestationHash));
        QVERIFY(!draft.contains(m.verifyUrl.toHtmlEscaped()));
        QVERIFY(!draft.contains(QStringLiteral("<img")));
        QVERIFY(!draft.contains(MandatDocument::qrCodeResourceName()));
        QVERIFY(!draft.contains(QStringLiteral("Mandat n°")));

        QVERIFY(!final.contains(draftWarning()));
        QVERIFY(final.contains(m.attestationHash));
        QVERIFY(final.contains(QStringLiteral("Vérifier l'authenticité : ")));
        QVERIFY(final.contains(m.verifyUrl.toHtmlEscaped()));
        QVERIFY(final.contains(QStringLiteral("Mandat n° 4242")));
        QVERIFY(final.contains(QStringLiteral("<img src=\"qrcode:verify\"")));
        // The footer comes after the signature boxes.
        QVERIFY(final.indexOf(m.attestationHash) > final.indexOf(QStringLiteral("<b>Le mandant</b>")));
    }

    /// The worked example of docs/mandat.md § Attestation hash, computed independently.
    void attestationExample()
    {
        MandatInfo m = sampleMandat();
        m.templateVersion = 1;
        QCOMPARE(Attestation::canonicalContent(m),
            QByteArrayLiteral(
                "{\"created_at\":1723723500000,\"demarches\":[\"argent\",\"logement\",\"papiers\"],"
                "\"duration\":\"SEMESTER\",\"expires_at\":1739448300000,\"mandat_id\":4242,"
                "\"organisation_id\":7,\"remote\":false,\"template_version\":1,"
                "\"usager_sub_hash\":\"5f1c0d8e2a\"}"));
        QCOMPARE(Attestation::hash(m),
            QStringLiteral("c6f568140412237078296ea95f849618ab81c79d00f0fb62384dad8918c5de6d"));
    }

    void remote()
    {
        MandatInfo m = sampleMandat();
        QVERIFY(!MandatDocument::html(m, MandatDocument::Kind::Final).contains(QStringLiteral("à distance")));
        m.remote = true;
        for (const auto kind : { MandatDocument::Kind::Final, MandatDocument::Kind::Draft }) {
            const QString html = MandatDocument::html(m, kind);
            QVERIFY(html.contains(QStringLiteral("Mandat conclu à distance")));
            QVERIFY(html.contains(QStringLiteral("consentement écrit")));
        }
    }

    void deterministic()
    {
        const MandatInfo m = sampleMandat();
        const QString final = MandatDocument::html(m, MandatDocument::Kind::Final);
        const QString draft = MandatDocument::html(m, MandatDocument::Kind::Draft);
        const QString revocation = MandatDocument::revocationHtml(m, m.createdAtMs + 3600 * 1000);
        QCOMPARE(MandatDocument::html(m, MandatDocument::Kind::Final), final);
        QCOMPARE(MandatDocument::html(m, MandatDocument::Kind::Draft), draft);
        QVERIFY(final != draft);

        // Another default locale and a time zone where the mandat was signed on 16 August.
        const QLocale previousLocale;
        const QByteArray previousTz = qgetenv("TZ");
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        qputenv("TZ", "Pacific/Kiritimati");
        tzset();
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(m.createdAtMs).date(), QDate(2024, 8, 16));
        const QString otherFinal = MandatDocument::html(m, MandatDocument::Kind::Final);
        const QString otherDraft = MandatDocument::html(m, MandatDocument::Kind::Draft);
        const QString otherRevocation = MandatDocument::revocationHtml(m, m.createdAtMs + 3600 * 1000);
        QLocale::setDefault(previousLocale);
        if (previousTz.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", previousTz);
        tzset();

        QCOMPARE(otherFinal, final);
        QCOMPARE(otherDraft, draft);
        QCOMPARE(otherRevocation, revocation);
        QVERIFY(final.contains(QStringLiteral("le 15 août 2024.")));
        QVERIFY(revocation.contains(QStringLiteral("créé le 15 août 2024 à 14h05")));
    }

    void pdf_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("final") << int(MandatDocument::Kind::Final);
        QTest::newRow("draft") << int(MandatDocument::Kind::Draft);
    }
    void pdf()
    {
        QFETCH(int, kind);
        const auto documentKind = MandatDocument::Kind(kind);
        const MandatInfo m = sampleMandat();
        const QString path = m_dir.filePath(QStringLiteral("mandat-%1.pdf").arg(kind));
        const auto document = MandatPrinter::document(m, documentKind);
        QString error;
        QVERIFY2(MandatPrinter::writePdf(*document, path, &error), qPrintable(error));
        QVERIFY(error.isEmpty());

        const QString text = pdfText(path);
        QVERIFY2(!text.isEmpty(), "pdftotext read nothing");
        QVERIFY(text.contains(QStringLiteral("Joëlle Françoise DUBINÔRE")));
        for (const QString &code : m.demarches)
            QVERIFY2(text.contains(Demarches::find(code)->title, Qt::CaseInsensitive), qPrintable(code));
        QVERIFY(text.contains(QStringLiteral("6 mois (182 jours)")));
        QVERIFY(text.contains(QStringLiteral("1984")));
        QVERIFY(text.contains(QStringLiteral("Le mandataire")));
        QVERIFY(text.contains(QStringLiteral("Le mandant")));
        QCOMPARE(text.contains(draftWarning()), documentKind == MandatDocument::Kind::Draft);
        QCOMPARE(text.contains(m.attestationHash), documentKind == MandatDocument::Kind::Final);

        // Metadata: a fixed title, no personal data.
        const ProcessResult info = run(QStringLiteral("pdfinfo"), { path });
        QCOMPARE(info.exitCode, 0);
        const QString metadata = QString::fromUtf8(info.out);
        QVERIFY2(metadata.contains(QStringLiteral("Mandat Aidants Connect")), qPrintable(metadata));
        QVERIFY(!metadata.contains(QStringLiteral("DUBIN"), Qt::CaseInsensitive));
        QVERIFY(!metadata.contains(QStringLiteral("Joëlle")));
        QVERIFY2(metadata.contains(QStringLiteral("A4")), qPrintable(metadata));

        // The printed QR code, read back from the rendered pages.
        if (QStandardPaths::findExecutable(QStringLiteral("zbarimg")).isEmpty())
            QSKIP("zbarimg (zbar-tools) is not installed");
        const QString prefix = m_dir.filePath(QStringLiteral("page-%1").arg(kind));
        QCOMPARE(run(QStringLiteral("pdftoppm"),
                     { QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("150"), path, prefix })
                     .exitCode,
            0);
        QStringList pages;
        for (const QString &name : QDir(m_dir.path()).entryList({ QStringLiteral("page-%1*.png").arg(kind) }))
            pages.append(m_dir.filePath(name));
        QVERIFY(!pages.isEmpty());
        const ProcessResult scan = run(
            QStringLiteral("zbarimg"), QStringList { QStringLiteral("--raw"), QStringLiteral("-q") } + pages);
        const QStringList codes = QString::fromUtf8(scan.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (documentKind == MandatDocument::Kind::Final)
            QCOMPARE(codes, QStringList { m.verifyUrl });
        else
            QVERIFY2(codes.isEmpty(), qPrintable(codes.join(QLatin1Char(' '))));
    }

    void pagination_data()
    {
        QTest::addColumn<int>("demarcheCount");
        QTest::addColumn<bool>("remote");
        QTest::addColumn<int>("kind");
        for (int count = 1; count <= Demarches::all().size(); ++count) {
            for (const bool remote : { false, true }) {
                QTest::addRow("final, %d démarches%s", count, remote ? ", remote" : "")
                    << count << remote << int(MandatDocument::Kind::Final);
                QTest::addRow("draft, %d démarches%s", count, remote ? ", remote" : "")
                    << count << remote << int(MandatDocument::Kind::Draft);
            }
        }
    }
    /// A4 pages; no heading alone at the bottom of a page; "Fait à" and both signature boxes whole
    /// on one page, whatever the length of what comes before.
    void pagination()
    {
        QFETCH(int, demarcheCount);
        QFETCH(bool, remote);
        QFETCH(int, kind);
        MandatInfo m = sampleMandat();
        m.demarches = Demarches::allCodes().mid(0, demarcheCount);
        m.remote = remote;
        const auto document = MandatPrinter::document(m, MandatDocument::Kind(kind));

        // The A4 area inside 2 cm margins: 170 mm × 257 mm.
        const QSizeF page = document->pageSize();
        QVERIFY(page.height() > 0);
        QVERIFY(qAbs(page.width() / page.height() - 170.0 / 257.0) < 0.001);
        QVERIFY(document->pageCount() >= 2);

        QAbstractTextDocumentLayout *layout = document->documentLayout();
        const auto pageOf = [&](qreal y) { return int(y / page.height()); };
        const auto firstLineTop = [](const QTextBlock &block) {
            return block.layout()->position().y() + block.layout()->lineAt(0).y();
        };

        QTextTable *signatures = nullptr;
        for (QTextFrame *frame : document->rootFrame()->childFrames()) {
            auto *table = qobject_cast<QTextTable *>(frame);
            if (table
                && table->cellAt(0, 0).firstCursorPosition().block().text()
                    == QStringLiteral("Le mandataire"))
                signatures = table;
        }
        QVERIFY(signatures);
        const QRectF box = layout->frameBoundingRect(signatures);
        QCOMPARE(pageOf(box.top()), pageOf(box.bottom() - 1));

        const QStringList headings = { QStringLiteral("Mes données personnelles"),
            QStringLiteral("L'engagement de l'aidant"), QStringLiteral("Fin du mandat") };
        int headingsSeen = 0;
        bool placeSeen = false;
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            if (headings.contains(block.text())) {
                ++headingsSeen;
                QVERIFY2(pageOf(firstLineTop(block)) == pageOf(firstLineTop(block.next())),
                    qPrintable(block.text()));
            }
            if (block.text().startsWith(QStringLiteral("Fait à "))) {
                placeSeen = true;
                QCOMPARE(pageOf(firstLineTop(block)), pageOf(box.top()));
            }
        }
        QCOMPARE(headingsSeen, headings.size());
        QVERIFY(placeSeen);
    }

    void pdfUnwritable_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("missing directory") << m_dir.filePath(QStringLiteral("missing/mandat.pdf"));
        QTest::newRow("a directory") << m_dir.path();
    }
    void pdfUnwritable()
    {
        QFETCH(QString, path);
        const auto document = MandatPrinter::document(sampleMandat(), MandatDocument::Kind::Final);
        QString error;
        QVERIFY(!MandatPrinter::writePdf(*document, path, &error));
        QVERIFY2(error.startsWith(QStringLiteral("Impossible d'enregistrer le PDF « ")), qPrintable(error));
        QVERIFY(error.contains(path));
        // Without a message pointer too.
        QVERIFY(!MandatPrinter::writePdf(*document, path, nullptr));
    }

    void qrCode()
    {
        const MandatInfo m = sampleMandat();
        const QImage image = MandatPrinter::qrCodeImage(m.verifyUrl);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), image.height());
        QCOMPARE(image, MandatPrinter::qrCodeImage(m.verifyUrl));
        QCOMPARE(image, QrCode::image(m.verifyUrl.toUtf8()));
        // Black on white, with a white quiet zone of 4 modules of 8 pixels.
        const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
        int black = 0;
        for (int y = 0; y < gray.height(); ++y) {
            for (int x = 0; x < gray.width(); ++x) {
                const int value = qGray(gray.pixel(x, y));
                QVERIFY(value == 0 || value == 255);
                const bool inQuietZone
                    = x < 32 || y < 32 || x >= gray.width() - 32 || y >= gray.height() - 32;
                if (inQuietZone)
                    QCOMPARE(value, 255);
                black += value == 0;
            }
        }
        QVERIFY(black > 0);

        // The document carries it as the resource its <img> names.
        const auto document = MandatPrinter::document(m, MandatDocument::Kind::Final);
        const QVariant resource
            = document->resource(QTextDocument::ImageResource, QUrl(MandatDocument::qrCodeResourceName()));
        QCOMPARE(resource.value<QImage>(), image);

        // It reads back as the verification URL.
        if (QStandardPaths::findExecutable(QStringLiteral("zbarimg")).isEmpty())
            QSKIP("zbarimg (zbar-tools) is not installed");
        const QString path = m_dir.filePath(QStringLiteral("qr.png"));
        QVERIFY(image.save(path));
        const ProcessResult scan
            = run(QStringLiteral("zbarimg"), { QStringLiteral("--raw"), QStringLiteral("-q"), path });
        QCOMPARE(scan.exitCode, 0);
        QCOMPARE(QString::fromUtf8(scan.out).trimmed(), m.verifyUrl);
    }

    void qrCodeInvalid()
    {
        QVERIFY(QrCode::image(QByteArray()).isNull());
        QVERIFY(QrCode::image(QByteArrayLiteral("x"), 0).isNull());
        QVERIFY(QrCode::image(QByteArrayLiteral("x"), 4, -1).isNull());
        // More than a version 40 symbol holds.
        QVERIFY(QrCode::image(QByteArray(4000, 'a')).isNull());
        const QImage small = QrCode::image(QByteArrayLiteral("x"), 2, 0);
        QCOMPARE(small.width(), 21 * 2);
    }

    void revocation()
    {
        const MandatInfo m = sampleMandat();
        const qint64 revokedAtMs
            = QDateTime(QDate(2024, 10, 1), QTime(8, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        const QString html = MandatDocument::revocationHtml(m, revokedAtMs);
        QVERIFY(html.contains(
            QStringLiteral("Je soussignée <b>Joëlle Françoise DUBINÔRE</b> souhaite révoquer le "
                           "mandat «&nbsp;Aidants Connect&nbsp;» créé le 15 août 2024 à 14h05 avec "
                           "<b>France Services de Saint-Flour</b>.")));
        QVERIFY(
            html.contains(QStringLiteral("Fait à 1 place d'Armes, 15100 Saint-Flour, le 1er octobre 2024.")));
        QVERIFY(html.contains(QStringLiteral("<b>Le mandant</b>")));
        QVERIFY(!html.contains(QStringLiteral("Le mandataire")));

        const QString path = m_dir.filePath(QStringLiteral("revocation.pdf"));
        const auto document = MandatPrinter::revocationDocument(m, revokedAtMs);
        QString error;
        QVERIFY2(MandatPrinter::writePdf(*document, path, &error), qPrintable(error));
        const QString text = pdfText(path);
        QVERIFY(text.contains(QStringLiteral("Joëlle Françoise DUBINÔRE")));
        QVERIFY(text.contains(QStringLiteral("France Services de Saint-Flour")));
        QVERIFY(text.contains(QStringLiteral("souhaite révoquer le mandat « Aidants Connect »")));
    }

    void documentFont()
    {
        const auto document = MandatPrinter::document(sampleMandat(), MandatDocument::Kind::Final);
        QCOMPARE(document->defaultFont().family(), QStringLiteral("DejaVu Sans"));
        QCOMPARE(document->defaultFont().pointSizeF(), 10.0);
        QCOMPARE(document->metaInformation(QTextDocument::DocumentTitle),
            QStringLiteral("Mandat Aidants Connect"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestMandatDocument)
#include "testMandatDocument.moc"
