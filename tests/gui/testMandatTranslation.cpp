// The translated copy of the printed mandat (docs/mandat-translations.md): French pages first, then
// the translation, right to left for Arabic, Dari and Pashto, in fonts that cover the script, with
// the mandat's names and dates; the choice of language remembered per usager on this workstation.
#include "Mandat.h"
#include "MandatDocument.h"
#include "MandatPrinter.h"
#include "MandatTranslation.h"
#include "MandatTranslationChooser.h"
#include "Settings.h"
#include "mandats/UsagerPage.h"

#include <QAbstractTextDocumentLayout>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QFontInfo>
#include <QGlyphRun>
#include <QJsonArray>
#include <QLabel>
#include <QLoggingCategory>
#include <QProcess>
#include <QPushButton>
#include <QRawFont>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTimeZone>
#include <QXmlStreamReader>

#include <algorithm>
#include <cstdio>
#include <unistd.h>
#include <vector>

namespace {

MandatInfo sampleMandat()
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
    m.duration = QStringLiteral("SEMESTER");
    // 15 August 2024, 12:05 UTC: 14h05 in Paris.
    m.createdAtMs = QDateTime(QDate(2024, 8, 15), QTime(12, 5), QTimeZone::utc()).toMSecsSinceEpoch();
    m.expiresAtMs = m.createdAtMs + qint64(MandatDurations::find(m.duration)->days) * 24 * 3600 * 1000;
    m.templateVersion = Attestation::kTemplateVersion;
    m.attestationHash = Attestation::hash(m);
    m.verifyUrl = QStringLiteral("https://ac.exemple.fr/verify/4242?h=") + m.attestationHash;
    m.autorisations = { { 1, QStringLiteral("argent"), 0 }, { 2, QStringLiteral("logement"), 0 },
        { 3, QStringLiteral("papiers"), 0 } };
    return m;
}

MandatTranslation::Translation translation(const QString &language)
{
    return MandatTranslation::load(language).value_or(MandatTranslation::Translation());
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

/// Text as compared: compatibility forms folded (pdftotext gives Arabic presentation forms), bidi
/// controls as spaces (pdftotext puts them between runs), ZWNJ, tatweel and vowel marks dropped
/// (unless `keepMarks`), white space collapsed.
QString normalized(QString text, bool keepMarks = false)
{
    text = text.normalized(QString::NormalizationForm_KC);
    static const QRegularExpression controls(
        QStringLiteral("[\\x{200e}\\x{200f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}]"));
    static const QRegularExpression joiners(QStringLiteral("[\\x{200c}\\x{0640}]"));
    static const QRegularExpression marks(QStringLiteral("[\\x{064b}-\\x{065f}\\x{0670}]"));
    text.replace(controls, QStringLiteral(" "));
    text.remove(joiners);
    if (!keepMarks)
        text.remove(marks);
    return text.simplified();
}

QStringList wordList(const QString &text, bool keepMarks = false)
{
    static const QRegularExpression separators(QStringLiteral("[\\s\\p{P}«»]+"));
    return normalized(text, keepMarks).split(separators, Qt::SkipEmptyParts);
}

/// The words of a text, as a set (pdftotext's order of words in mixed-direction lines is its own).
QSet<QString> words(const QString &text)
{
    const QStringList list = wordList(text);
    return QSet<QString>(list.begin(), list.end());
}

/// Qt's PDF writer maps a glyph back to text only through the font's character map: the lam-alef
/// ligatures, the contextual forms of the Pashto letters that have no presentation form in Unicode
/// (ټ ډ ړ ږ ښ ګ ڼ ې ۍ ځ څ) and vowel marks do not come back from pdftotext. Such words are not
/// looked for (the layout's glyphs are checked in document()).
bool unextractable(const QString &wordWithMarks)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\x{0644}[\\x{0622}\\x{0623}\\x{0625}\\x{0627}]|[\\x{067c}\\x{0681}\\x{0685}\\x{0689}"
                       "\\x{0693}\\x{0696}"
                       "\\x{069a}\\x{06ab}\\x{06bc}\\x{06cd}\\x{06d0}]|[\\x{064b}-\\x{065f}\\x{0670}]"));
    return pattern.match(wordWithMarks).hasMatch();
}

QString pdfText(const QString &path, int firstPage, int lastPage)
{
    const ProcessResult result = run(QStringLiteral("pdftotext"),
        { QStringLiteral("-f"), QString::number(firstPage), QStringLiteral("-l"), QString::number(lastPage),
            path, QStringLiteral("-") });
    return result.exitCode == 0 ? QString::fromUtf8(result.out) : QString();
}

int pdfPages(const QString &path)
{
    const ProcessResult info = run(QStringLiteral("pdfinfo"), { path });
    static const QRegularExpression pages(
        QStringLiteral("^Pages:\\s+(\\d+)"), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = pages.match(QString::fromUtf8(info.out));
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

struct Word
{
    QString text;
    double xMin = 0;
    double xMax = 0;
    double yMid = 0;
};

struct Line
{
    double xMin = 1e9;
    double xMax = 0;
    double yMid = 0;
    QList<Word> words;
    QString text() const
    {
        QStringList list;
        for (const Word &w : words)
            list.append(w.text);
        return list.join(QLatin1Char(' '));
    }
};

/// The visual lines of the pages: their words (pdftotext -bbox-layout) grouped by height on the page
/// (poppler's own lines split some Arabic lines at vowel marks).
QList<QList<Line>> pdfLayout(const QString &path, int firstPage, int lastPage)
{
    const ProcessResult result = run(QStringLiteral("pdftotext"),
        { QStringLiteral("-bbox-layout"), QStringLiteral("-f"), QString::number(firstPage),
            QStringLiteral("-l"), QString::number(lastPage), path, QStringLiteral("-") });
    QList<QList<Word>> pages;
    QXmlStreamReader xml(result.out);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto attribute
            = [&](const char *name) { return xml.attributes().value(QLatin1String(name)).toDouble(); };
        if (xml.name() == QLatin1String("page")) {
            pages.append(QList<Word>());
        } else if (xml.name() == QLatin1String("word") && !pages.isEmpty()) {
            const Word word { QString(), attribute("xMin"), attribute("xMax"),
                (attribute("yMin") + attribute("yMax")) / 2 };
            pages.last().append(Word { xml.readElementText(), word.xMin, word.xMax, word.yMid });
        }
    }
    QList<QList<Line>> layout;
    for (QList<Word> &page : pages) {
        std::sort(page.begin(), page.end(), [](const Word &a, const Word &b) { return a.yMid < b.yMid; });
        QList<Line> lines;
        for (const Word &word : std::as_const(page)) {
            if (lines.isEmpty() || word.yMid > lines.last().yMid + 5.0)
                lines.append(Line { 1e9, 0, word.yMid, {} });
            Line &line = lines.last();
            line.xMin = qMin(line.xMin, word.xMin);
            line.xMax = qMax(line.xMax, word.xMax);
            line.words.append(word);
        }
        for (Line &line : lines) {
            std::sort(line.words.begin(), line.words.end(),
                [](const Word &a, const Word &b) { return a.xMin < b.xMin; });
        }
        layout.append(lines);
    }
    return layout;
}

/// The fonts pdffonts lists for the pages: name without the subset prefix, and whether embedded.
QList<QPair<QString, bool>> pdfFonts(const QString &path, int firstPage, int lastPage)
{
    const ProcessResult result = run(QStringLiteral("pdffonts"),
        { QStringLiteral("-f"), QString::number(firstPage), QStringLiteral("-l"), QString::number(lastPage),
            path });
    QList<QPair<QString, bool>> fonts;
    const QStringList lines = QString::fromUtf8(result.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // name type encoding emb sub uni object ID: two header lines.
    static const QRegularExpression row(
        QStringLiteral("^(\\S+)\\s+.*\\s(yes|no)\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+\\s*$"));
    for (const QString &line : lines.mid(2)) {
        const QRegularExpressionMatch match = row.match(line);
        if (!match.hasMatch())
            continue;
        QString name = match.captured(1);
        name.remove(QRegularExpression(QStringLiteral("^[A-Z]{6}\\+")));
        fonts.append({ name, match.captured(2) == QLatin1String("yes") });
    }
    return fonts;
}

/// The blocks of the translated copy: from the one holding MandatTranslation::startAnchor().
QList<QTextBlock> translatedBlocks(QTextDocument *document)
{
    QList<QTextBlock> blocks;
    bool started = false;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !started && !it.atEnd(); ++it)
            started = it.fragment().charFormat().anchorNames().contains(MandatTranslation::startAnchor());
        if (started)
            blocks.append(block);
    }
    return blocks;
}

/// The glyphs of a block as laid out: its text shaped again with its formats, direction and width
/// (the document keeps the lines of its blocks, not their glyphs).
QList<QGlyphRun> glyphRuns(const QTextBlock &block, qreal width)
{
    QList<QTextLayout::FormatRange> formats;
    for (auto it = block.begin(); !it.atEnd(); ++it) {
        const QTextFragment fragment = it.fragment();
        formats.append({ fragment.position() - block.position(), fragment.length(), fragment.charFormat() });
    }
    QTextLayout layout(block.text(), block.document()->defaultFont());
    layout.setFormats(formats);
    QTextOption option = block.layout()->textOption();
    option.setTextDirection(block.textDirection());
    layout.setTextOption(option);
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine())
        line.setLineWidth(width);
    layout.endLayout();
    return layout.glyphRuns();
}

/// The font family name as PDF writers spell it: "Amiri" → "Amiri", "DejaVu Sans" → "DejaVuSans".
QString postscriptPrefix(const QString &family)
{
    return QString(family).remove(QLatin1Char(' '));
}

/// Every text a language file prints, its placeholders left out.
QStringList printedTexts(const MandatTranslation::Translation &t)
{
    QStringList texts;
    const QJsonObject sections = t.json.value(QStringLiteral("sections")).toObject();
    for (const QJsonValue &value : sections) {
        if (value.isObject()) {
            for (const QJsonValue &variant : value.toObject())
                texts.append(variant.toString());
        } else {
            texts.append(value.toString());
        }
    }
    for (const QJsonValue &month : t.json.value(QStringLiteral("months")).toArray())
        texts.append(month.toString());
    for (const QJsonValue &duration : t.json.value(QStringLiteral("durations")).toObject())
        texts.append(duration.toString());
    for (const QJsonValue &demarche : t.json.value(QStringLiteral("demarches")).toObject()) {
        texts.append(demarche.toObject().value(QStringLiteral("title")).toString().toUpper());
        texts.append(demarche.toObject().value(QStringLiteral("description")).toString());
    }
    return texts;
}

} // namespace

class TestMandatTranslation final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        for (const char *tool : { "pdftotext", "pdffonts", "pdfinfo" }) {
            QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty(),
                "poppler-utils is needed: tools/dev/install-deps.sh");
        }
        QVERIFY(m_dir.isValid());
        // AC_KEEP_PDF=1 keeps the PDFs to look at them.
        if (qEnvironmentVariableIsSet("AC_KEEP_PDF")) {
            m_dir.setAutoRemove(false);
            qInfo() << "PDFs kept in" << m_dir.path();
        }
    }

    /// fr.json is the French mandat word for word: every line the translation writer prints from it
    /// (its start page aside) is a line of MandatDocument's legal text.
    void frenchReferenceIsTheMandat_data()
    {
        QTest::addColumn<QString>("gender");
        QTest::addColumn<QString>("birthdate");
        QTest::addColumn<bool>("remote");
        QTest::addColumn<int>("kind");
        QTest::newRow("female, final") << QStringLiteral("female") << QStringLiteral("1992-08-15") << false
                                       << int(MandatDocument::Kind::Final);
        QTest::newRow("male, presumed month, remote")
            << QStringLiteral("male") << QStringLiteral("1992-11-00") << true
            << int(MandatDocument::Kind::Final);
        QTest::newRow("unspecified, presumed year, draft")
            << QString() << QStringLiteral("1992-00-00") << false << int(MandatDocument::Kind::Draft);
        QTest::newRow("first of the month") << QStringLiteral("female") << QStringLiteral("1992-03-01")
                                            << true << int(MandatDocument::Kind::Draft);
        QTest::newRow("revocation") << QStringLiteral("male") << QStringLiteral("1992-08-15") << false << -1;
    }
    void frenchReferenceIsTheMandat()
    {
        QFETCH(QString, gender);
        QFETCH(QString, birthdate);
        QFETCH(bool, remote);
        QFETCH(int, kind);
        MandatInfo m = sampleMandat();
        m.usager.gender = gender;
        m.usager.birthdate = birthdate;
        m.remote = remote;
        const MandatTranslation::Translation french = translation(QStringLiteral("fr"));
        const qint64 revokedAtMs = m.createdAtMs + 40LL * 24 * 3600 * 1000;
        QTextDocument legal;
        QTextDocument reference;
        if (kind < 0) {
            legal.setHtml(MandatDocument::revocationHtml(m, revokedAtMs));
            reference.setHtml(QStringLiteral("<html><body>")
                + MandatTranslation::revocationHtml(french, m, revokedAtMs)
                + QStringLiteral("</body></html>"));
        } else {
            legal.setHtml(MandatDocument::html(m, MandatDocument::Kind(kind)));
            reference.setHtml(QStringLiteral("<html><body>")
                + MandatTranslation::html(french, m, MandatDocument::Kind(kind))
                + QStringLiteral("</body></html>"));
        }
        const QString legalText = normalized(legal.toPlainText());
        const QString startPage = normalized(french.section(QStringLiteral("banner")));
        int compared = 0;
        for (QTextBlock block = reference.begin(); block.isValid(); block = block.next()) {
            bool isStart = false;
            for (auto it = block.begin(); it != block.end(); ++it)
                isStart = isStart
                    || it.fragment().charFormat().anchorNames().contains(MandatTranslation::startAnchor());
            for (const QString &line : block.text().split(QChar::LineSeparator)) {
                const QString text = normalized(line);
                if (text.isEmpty() || isStart || text == startPage)
                    continue;
                QVERIFY2(legalText.contains(text), qPrintable(text));
                ++compared;
            }
        }
        QVERIFY2(compared >= (kind < 0 ? 4 : 25), qPrintable(QString::number(compared)));
    }

    /// Every language's font is installed and has a glyph for every character it prints.
    void fontsCoverTheScript_data() { languageRows(); }
    void fontsCoverTheScript()
    {
        QFETCH(QString, language);
        const MandatTranslation::Translation t = translation(language);
        QVERIFY(!t.fontFamilies.isEmpty());
        QList<QRawFont> fonts;
        for (const QString &family : t.fontFamilies) {
            const QFont font(family);
            QCOMPARE(QFontInfo(font).family(), family); // installed, not a substitute
            fonts.append(QRawFont::fromFont(font));
            QVERIFY(fonts.last().isValid());
        }
        // The sample's names and places too: Latin letters inside the translated text.
        QStringList texts = printedTexts(t);
        const MandatInfo m = sampleMandat();
        texts << m.usager.fullName() << m.organisation.name << m.organisation.address << m.aidantName
              << m.verifyUrl;
        for (const QString &text : std::as_const(texts)) {
            for (const QChar c : text) {
                if (c == QChar(0x200c)) // ZWNJ (Persian, Pashto) joins nothing: not drawn
                    continue;
                bool covered = false;
                for (const QRawFont &font : std::as_const(fonts))
                    covered = covered || font.supportsCharacter(c);
                QVERIFY2(covered,
                    qPrintable(QStringLiteral("no glyph for U+%1 in « %2 » (%3)")
                                   .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                                   .arg(text, t.fontFamilies.join(QStringLiteral(", ")))));
            }
        }
        // The script's own letters come from the first family (the Latin one only completes it).
        if (t.rightToLeft) {
            for (const QString &text : printedTexts(t)) {
                for (const QChar c : text) {
                    if (c.script() == QChar::Script_Arabic)
                        QVERIFY2(fonts.first().supportsCharacter(c), qPrintable(text));
                }
            }
        }
    }

    /// The document: the French blocks left to right, then the translated copy from a new page, in
    /// the language's direction and font, with no missing glyph (glyph 0, .notdef) anywhere.
    void document_data() { languageRows(); }
    void document()
    {
        QFETCH(QString, language);
        const MandatTranslation::Translation t = translation(language);
        const auto document = MandatPrinter::document(sampleMandat(), MandatDocument::Kind::Final, language);
        const QList<QTextBlock> blocks = translatedBlocks(document.get());
        QVERIFY(blocks.size() > 20);
        QVERIFY(blocks.first().blockFormat().pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore);
        const QString frenchBanner = translation(QStringLiteral("fr")).section(QStringLiteral("banner"));
        const QStringList frenchFonts = translation(QStringLiteral("fr")).fontFamilies;
        int translatedTextBlocks = 0;
        for (const QTextBlock &block : blocks) {
            if (block.text().trimmed().isEmpty())
                continue;
            const bool isFrenchBanner = block.text() == frenchBanner;
            const Qt::LayoutDirection direction
                = isFrenchBanner || !t.rightToLeft ? Qt::LeftToRight : Qt::RightToLeft;
            QVERIFY2(block.textDirection() == direction, qPrintable(block.text()));
            const QStringList families = isFrenchBanner ? frenchFonts : t.fontFamilies;
            const QList<QGlyphRun> runs = glyphRuns(block, document->pageSize().width());
            QVERIFY2(!runs.isEmpty(), qPrintable(block.text()));
            for (const QGlyphRun &run : runs) {
                QVERIFY2(families.contains(run.rawFont().familyName()),
                    qPrintable(run.rawFont().familyName() + QStringLiteral(" in « ") + block.text()
                        + QStringLiteral(" »")));
                QVERIFY2(!run.glyphIndexes().contains(0),
                    qPrintable(QStringLiteral(".notdef in « %1 »").arg(block.text())));
            }
            translatedTextBlocks += isFrenchBanner ? 0 : 1;
            // The language's own letters in its first family (the next ones only complete it).
            if (!isFrenchBanner
                && block.text().contains(QRegularExpression(QStringLiteral("\\p{Arabic}|\\p{Latin}")))) {
                bool scriptFont = false;
                for (const QGlyphRun &run : runs)
                    scriptFont = scriptFont || run.rawFont().familyName() == t.fontFamilies.first();
                QVERIFY2(scriptFont, qPrintable(block.text()));
            }
        }
        QVERIFY(translatedTextBlocks > 20);
        // The French blocks before stay French, left to right.
        for (QTextBlock block = document->begin(); block != blocks.first(); block = block.next())
            QCOMPARE(block.textDirection(), Qt::LeftToRight);
    }

    /// The PDF: French pages, then the translated pages with both banners, the names and dates of
    /// the mandat, laid out in the language's direction, fonts embedded and of the language.
    void pdf_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("revocation");
        for (const char *language : { "ar", "ps", "prs", "en" }) {
            QTest::newRow(language) << QString::fromLatin1(language) << false;
            QTest::newRow(qPrintable(QStringLiteral("%1 revocation").arg(QLatin1String(language))))
                << QString::fromLatin1(language) << true;
        }
    }
    void pdf()
    {
        QFETCH(QString, language);
        QFETCH(bool, revocation);
        const MandatTranslation::Translation t = translation(language);
        const MandatTranslation::Translation fr = translation(QStringLiteral("fr"));
        QVERIFY(!t.json.isEmpty());
        MandatInfo m = sampleMandat();
        const qint64 revokedAtMs = m.createdAtMs + 40LL * 24 * 3600 * 1000;
        if (revocation) {
            for (AutorisationInfo &a : m.autorisations)
                a.revokedAtMs = revokedAtMs;
        }
        const auto print = [&](const QString &lang, const QString &name) {
            const auto document = revocation ? MandatPrinter::revocationDocument(m, revokedAtMs, lang)
                                             : MandatPrinter::document(m, MandatDocument::Kind::Final, lang);
            const QString path = m_dir.filePath(name);
            QString error;
            return MandatPrinter::writePdf(*document, path, &error) ? path : QString();
        };
        const QString frenchOnly
            = print(QString(), QStringLiteral("fr-%1-%2.pdf").arg(language).arg(revocation));
        const QString path = print(language, QStringLiteral("%1-%2.pdf").arg(language).arg(revocation));
        QVERIFY(!frenchOnly.isEmpty() && !path.isEmpty());
        const int frenchPages = pdfPages(frenchOnly);
        const int pages = pdfPages(path);
        QVERIFY(frenchPages >= 1);
        QVERIFY2(pages > frenchPages,
            qPrintable(QStringLiteral("%1 pages, %2 French").arg(pages).arg(frenchPages)));

        // The French pages: the legal text, no translation on them.
        const QString frenchText = normalized(pdfText(path, 1, frenchPages));
        QCOMPARE(frenchText, normalized(pdfText(frenchOnly, 1, frenchPages)));
        QVERIFY(frenchText.contains(
            normalized(revocation ? QStringLiteral("Révocation d'un mandat")
                                  : QStringLiteral("Mandat pour réaliser des démarches en ligne"))));
        QVERIFY(!frenchText.contains(normalized(fr.section(QStringLiteral("banner")))));

        // The translated pages: both banners, then the translated text.
        const QString translatedRaw = pdfText(path, frenchPages + 1, pages);
        const QString translated = normalized(translatedRaw);
        const QSet<QString> translatedWords = words(translatedRaw);
        QVERIFY2(
            translated.contains(normalized(fr.section(QStringLiteral("banner")))), qPrintable(translated));
        // The words of a text missing from the PDF's text (those Qt cannot map back excepted);
        // every word with a Latin letter or a digit (names, numbers, dates) must be there.
        int checkedWords = 0;
        int excusedWords = 0;
        const auto allWordsOf = [&](const QString &text) {
            QString plain = text;
            plain.remove(QRegularExpression(QStringLiteral("\\{[a-z_]+\\}")));
            for (const QString &word : wordList(plain, true)) {
                const QString bare = normalized(word);
                ++checkedWords;
                if (translatedWords.contains(bare))
                    continue;
                if (unextractable(word)
                    && !bare.contains(QRegularExpression(QStringLiteral("[A-Za-z0-9]")))) {
                    ++excusedWords;
                    continue;
                }
                return word;
            }
            return QString();
        };
        // Every word printed, read back from the PDF: a glyph drawn as a box (.notdef) has no text.
        const QStringList sections = revocation
            ? QStringList { QStringLiteral("banner"), QStringLiteral("translation_of"),
                  QStringLiteral("revocation_title"), QStringLiteral("revocation"),
                  QStringLiteral("place_date"), QStringLiteral("mandant_heading") }
            : QStringList { QStringLiteral("banner"), QStringLiteral("translation_of"),
                  QStringLiteral("title"), QStringLiteral("mandant"), QStringLiteral("born_on"),
                  QStringLiteral("mandataire"), QStringLiteral("law"), QStringLiteral("personal_data"),
                  QStringLiteral("obligation_7"), QStringLiteral("end_4"), QStringLiteral("place_date"),
                  QStringLiteral("keep") };
        for (const QString &key : sections) {
            const QString missing = allWordsOf(t.section(key, m.usager.gender));
            QVERIFY2(
                missing.isEmpty(), qPrintable(QStringLiteral("%1: « %2 » not in the PDF").arg(key, missing)));
        }
        // Most words are read back, in every language.
        QVERIFY2(excusedWords * 5 < checkedWords,
            qPrintable(QStringLiteral("%1 of %2 words not read back").arg(excusedWords).arg(checkedWords)));
        // The names and dates of the mandat, as written in the language.
        QStringList expected { m.usager.fullName(), m.organisation.name, QString::number(m.id) };
        if (revocation) {
            expected << MandatTranslation::date(t, revokedAtMs) << MandatTranslation::date(t, m.createdAtMs)
                     << MandatTranslation::time(t, m.createdAtMs);
        } else {
            expected << m.aidantName << MandatTranslation::date(t, m.createdAtMs)
                     << MandatTranslation::date(t, m.expiresAtMs)
                     << MandatTranslation::birthdate(t, m.usager.birthdate) << m.attestationHash;
        }
        for (const QString &value : std::as_const(expected)) {
            const QString missing = allWordsOf(value);
            QVERIFY2(missing.isEmpty(),
                qPrintable(QStringLiteral("« %1 » of « %2 » not in the PDF").arg(missing, value)));
        }

        // Laid out in the language's direction: the short lines (a paragraph's last line) are flush
        // right in a right-to-left language, flush left otherwise; the Latin runs inside keep their
        // own order: « 1 place d'Armes », « Joëlle Françoise DUBINÔRE » read left to right.
        const QList<QList<Line>> layout = pdfLayout(path, frenchPages + 1, pages);
        QVERIFY(!layout.isEmpty());
        double left = 1e9;
        double right = 0;
        for (const QList<Line> &page : layout) {
            for (const Line &line : page) {
                left = qMin(left, line.xMin);
                right = qMax(right, line.xMax);
            }
        }
        int shortLines = 0;
        bool addressSeen = false;
        bool nameSeen = false;
        for (const QList<Line> &page : layout) {
            for (const Line &line : page) {
                const bool isFrench
                    = normalized(fr.section(QStringLiteral("banner"))).contains(normalized(line.text()));
                // A short line hugs its leading edge (a list item's is indented a little).
                const double width = right - left;
                if (line.xMax - line.xMin < width * 0.5 && !isFrench) {
                    ++shortLines;
                    const double leadingGap = t.rightToLeft ? right - line.xMax : line.xMin - left;
                    QVERIFY2(leadingGap < width * 0.1,
                        qPrintable(QStringLiteral("%1 (gap %2)").arg(line.text()).arg(leadingGap)));
                }
                const auto find = [&](const QString &text) {
                    for (const Word &w : line.words) {
                        if (w.text == text)
                            return w;
                    }
                    return Word { QString(), -1, -1, 0 };
                };
                const Word one = find(QStringLiteral("1"));
                const Word place = find(QStringLiteral("place"));
                if (one.xMin >= 0 && place.xMin >= 0) {
                    addressSeen = true;
                    QVERIFY2(one.xMax < place.xMin, qPrintable(line.text()));
                }
                const Word given = find(QStringLiteral("Joëlle"));
                const Word family = find(QStringLiteral("DUBINÔRE"));
                if (given.xMin >= 0 && family.xMin >= 0) {
                    nameSeen = true;
                    QVERIFY2(given.xMax < family.xMin, qPrintable(line.text()));
                }
            }
        }
        QVERIFY2(shortLines >= 3, qPrintable(QString::number(shortLines)));
        QVERIFY(addressSeen);
        QVERIFY(nameSeen);

        // Fonts: all embedded; on the translated pages only the language's family and the French
        // reference's (its banner).
        const auto fonts = pdfFonts(path, frenchPages + 1, pages);
        QVERIFY(!fonts.isEmpty());
        bool languageFont = false;
        for (const auto &font : fonts) {
            QVERIFY2(font.second, qPrintable(font.first + QStringLiteral(" not embedded")));
            const bool ofLanguage = font.first.startsWith(postscriptPrefix(t.fontFamilies.first()));
            bool allowed = false;
            for (const QString &family : t.fontFamilies + fr.fontFamilies)
                allowed = allowed || font.first.startsWith(postscriptPrefix(family) + QLatin1Char('-'))
                    || font.first == postscriptPrefix(family);
            QVERIFY2(allowed, qPrintable(font.first));
            languageFont = languageFont || ofLanguage;
        }
        QVERIFY(languageFont);
    }

    /// The choice is remembered for the usager on this workstation, in the user's settings under
    /// the usager's id only (an empty HOME: run-with-fresh-home.sh).
    void rememberedPerUsager_data()
    {
        QTest::addColumn<qint64>("usagerId");
        QTest::addColumn<QString>("language");
        QTest::newRow("usager 11, Arabic") << qint64(11) << QStringLiteral("ar");
        QTest::newRow("usager 12, Pashto") << qint64(12) << QStringLiteral("ps");
        QTest::newRow("usager 13, English") << qint64(13) << QStringLiteral("en");
        QTest::newRow("usager 11, none again") << qint64(11) << QString();
    }
    void rememberedPerUsager()
    {
        QFETCH(qint64, usagerId);
        QFETCH(QString, language);
        QVERIFY(qEnvironmentVariableIsSet("AC_FRESH_HOME"));
        const QString before = Settings().mandatTranslation(usagerId + 1000);
        {
            MandatTranslationChooser chooser;
            chooser.setUsager(usagerId);
            QComboBox *combo = chooser.comboBox();
            const int index = combo->findData(language);
            QVERIFY(index >= 0);
            combo->setCurrentIndex(index);
            emit combo->activated(index);
            QCOMPARE(chooser.language(), language);
        }
        QCOMPARE(Settings().mandatTranslation(usagerId), language);
        QCOMPARE(Settings().mandatTranslation(usagerId + 1000), before);
        MandatTranslationChooser again;
        again.setUsager(usagerId);
        QCOMPARE(again.language(), language);
        QCOMPARE(again.comboBox()->currentData().toString(), language);
        // In the user's file under the fresh HOME, keyed by the usager's id, never a name.
        QFile file(QDir::home().filePath(QStringLiteral(".config/aidants-connect/aidants-connect.ini")));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QString contents = QString::fromUtf8(file.readAll());
        QCOMPARE(contents.contains(QStringLiteral("usager_%1=").arg(usagerId)), !language.isEmpty());
        QVERIFY(!contents.contains(QStringLiteral("DUBIN"), Qt::CaseInsensitive));
    }

    /// The control: « Aucune » then the languages named in French and in their own name; a label
    /// with its buddy, an accessible name, usable with the keyboard.
    void chooserControl()
    {
        MandatTranslationChooser chooser;
        chooser.setUsager(77);
        QComboBox *combo = chooser.comboBox();
        QCOMPARE(combo->itemText(0), QStringLiteral("Aucune"));
        QCOMPARE(combo->itemData(0).toString(), QString());
        const QList<MandatTranslation::Translation> languages = MandatTranslation::available();
        QCOMPARE(combo->count(), languages.size() + 1);
        for (int i = 0; i < languages.size(); ++i) {
            QCOMPARE(combo->itemData(i + 1).toString(), languages.at(i).language);
            QCOMPARE(combo->itemText(i + 1),
                QStringLiteral("%1 (%2)").arg(languages.at(i).nameFr, languages.at(i).nameNative));
        }
        QCOMPARE(combo->itemText(combo->findData(QStringLiteral("ar"))), QStringLiteral("Arabe (العربية)"));
        auto *label = chooser.findChild<QLabel *>(QStringLiteral("translationLabel"));
        QVERIFY(label);
        QCOMPARE(label->buddy(), combo);
        QCOMPARE(
            label->text().remove(QLatin1Char('&')), QStringLiteral("Ajouter une traduction pour l'usager :"));
        QVERIFY(!combo->accessibleName().isEmpty());
        QVERIFY(combo->focusPolicy() & Qt::TabFocus);
        // The keyboard: the arrow chooses the next language, and it is remembered.
        chooser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chooser));
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(chooser.language(), languages.first().language);
        QCOMPARE(Settings().mandatTranslation(77), languages.first().language);
    }

    /// The usager page: reprint and revocation attestation print the translated copy chosen there.
    void usagerPagePrintsTheTranslation()
    {
        const MandatInfo active = sampleMandat();
        UsagerPage page;
        QList<QString> printed;
        page.setPreviewHandler(
            [&](const QTextDocument &document, QWidget *) { printed.append(document.toPlainText()); });
        page.setData(active.usager, { active }, active.createdAtMs + 1000);
        auto *combo = page.findChild<QComboBox *>(QStringLiteral("translationComboBox"));
        QVERIFY(combo);
        const int arabic = combo->findData(QStringLiteral("ps"));
        combo->setCurrentIndex(arabic);
        emit combo->activated(arabic);
        QVERIFY(page.select(active.id));
        auto *reprint = page.findChild<QPushButton *>(QStringLiteral("reprintPushButton"));
        QVERIFY(reprint && reprint->isEnabled());
        reprint->click();
        QCOMPARE(printed.size(), 1);
        const QString banner = translation(QStringLiteral("ps")).section(QStringLiteral("banner"));
        QVERIFY(printed.first().contains(banner));
        QVERIFY(printed.first().indexOf(QStringLiteral("Mandat pour réaliser"))
            < printed.first().indexOf(banner));

        // Revoked: the attestation, with the same translation (remembered for this usager).
        MandatInfo revoked = active;
        for (AutorisationInfo &a : revoked.autorisations)
            a.revokedAtMs = active.createdAtMs + 2000;
        UsagerPage other;
        other.setPreviewHandler(
            [&](const QTextDocument &document, QWidget *) { printed.append(document.toPlainText()); });
        other.setData(revoked.usager, { revoked }, active.createdAtMs + 3000);
        QCOMPARE(
            other.findChild<QComboBox *>(QStringLiteral("translationComboBox"))->currentData().toString(),
            QStringLiteral("ps"));
        QVERIFY(other.select(revoked.id));
        auto *attestation = other.findChild<QPushButton *>(QStringLiteral("attestationPushButton"));
        QVERIFY(attestation && attestation->isEnabled());
        attestation->click();
        QCOMPARE(printed.size(), 2);
        QVERIFY(printed.last().contains(banner));
        QVERIFY(printed.last().indexOf(QStringLiteral("Révocation d'un mandat"))
            < printed.last().indexOf(banner));
    }

private:
    static void languageRows()
    {
        QTest::addColumn<QString>("language");
        for (const MandatTranslation::Translation &t : MandatTranslation::available())
            QTest::newRow(qPrintable(t.language)) << t.language;
    }

    QTemporaryDir m_dir;
};

int main(int argc, char *argv[])
{
    // Outside a fresh home: run again inside one (the CTest entry runs the binary as it is).
    if (!qEnvironmentVariableIsSet("AC_FRESH_HOME")) {
        char self[4096];
        const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
        if (length <= 0) {
            std::fputs("cannot find the test's own path\n", stderr);
            return 1;
        }
        self[length] = '\0';
        std::vector<char *> arguments { const_cast<char *>(AC_FRESH_HOME_WRAPPER), self };
        for (int i = 1; i < argc; ++i)
            arguments.push_back(argv[i]);
        arguments.push_back(nullptr);
        ::execv(AC_FRESH_HOME_WRAPPER, arguments.data());
        std::perror("run-with-fresh-home.sh");
        return 1;
    }
    QCoreApplication::setOrganizationName(QStringLiteral("aidants-connect"));
    QCoreApplication::setApplicationName(QStringLiteral("aidants-connect"));
    QApplication app(argc, argv);
    // Each Settings object logs its files at debug level: not needed here.
    QLoggingCategory::setFilterRules(QStringLiteral("ac.app.settings.debug=false"));
    TestMandatTranslation test;
    return QTest::qExec(&test, argc, argv);
}

#include "testMandatTranslation.moc"
