// The mandat's translations as data (docs/mandat-translations.md): every language file against the
// French reference, data-driven over the files of resources/mandat-translations/.
#include "Demarches.h"
#include "Mandat.h"
#include "MandatTranslation.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QTest>
#include <QTimeZone>

namespace {

QString sourceDirectory()
{
    return QStringLiteral(AC_MANDAT_TRANSLATIONS_DIR);
}

/// Every translation file of the source tree (the French reference excluded).
QStringList languageFiles()
{
    QStringList languages;
    for (const QString &file : QDir(sourceDirectory()).entryList({ QStringLiteral("*.json") }, QDir::Files)) {
        if (file != QLatin1String("fr.json"))
            languages.append(file.chopped(5));
    }
    return languages;
}

MandatTranslation::Translation loadOrFail(
    const QString &language, const QString &directory = sourceDirectory())
{
    QString error;
    const std::optional<MandatTranslation::Translation> t
        = MandatTranslation::load(language, &error, directory);
    if (!t)
        qWarning() << language << error;
    return t.value_or(MandatTranslation::Translation());
}

void addLanguageRows()
{
    QTest::addColumn<QString>("language");
    for (const QString &language : languageFiles())
        QTest::newRow(qPrintable(language)) << language;
}

QStringList keys(const QJsonObject &object)
{
    QStringList list = object.keys();
    list.sort();
    return list;
}

} // namespace

class TestMandatTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!languageFiles().isEmpty(), qPrintable(sourceDirectory()));
        QVERIFY(loadOrFail(QStringLiteral("fr")).json.contains(QStringLiteral("sections")));
    }

    /// The languages the service promises (issue 14): at least six, Arabic and two more RTL ones.
    void languagesOffered_data()
    {
        QTest::addColumn<QString>("language");
        for (const char *language : { "en", "es", "ar", "prs", "ps", "tr", "ro", "pt" })
            QTest::newRow(language) << QString::fromLatin1(language);
    }
    void languagesOffered()
    {
        QFETCH(QString, language);
        QStringList offered;
        for (const MandatTranslation::Translation &t : MandatTranslation::available(sourceDirectory()))
            offered.append(t.language);
        QVERIFY2(offered.contains(language), qPrintable(offered.join(QLatin1Char(' '))));
    }

    /// The compiled-in resource holds exactly the files of the source tree, byte for byte.
    void resourceMatchesSource()
    {
        const QDir resource(MandatTranslation::defaultDirectory());
        const QDir source(sourceDirectory());
        const QStringList files = source.entryList({ QStringLiteral("*.json") }, QDir::Files);
        QCOMPARE(resource.entryList({ QStringLiteral("*.json") }, QDir::Files), files);
        for (const QString &file : files) {
            QFile a(source.filePath(file));
            QFile b(resource.filePath(file));
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QVERIFY2(a.readAll() == b.readAll(), qPrintable(file));
        }
    }

    /// Every section of the French template, with exactly its placeholders, and nothing else.
    void sections_data() { addLanguageRows(); }
    void sections()
    {
        QFETCH(QString, language);
        const QJsonObject french
            = loadOrFail(QStringLiteral("fr")).json.value(QStringLiteral("sections")).toObject();
        const QJsonObject sections = loadOrFail(language).json.value(QStringLiteral("sections")).toObject();
        QVERIFY(!french.isEmpty());
        QCOMPARE(keys(sections), keys(french));
        for (auto it = french.constBegin(); it != french.constEnd(); ++it) {
            const QJsonValue translated = sections.value(it.key());
            const QString where = language + QLatin1Char('/') + it.key();
            // A section with gender variants (female, male, unspecified) has them in every language.
            QVERIFY2(translated.isObject() == it.value().isObject(), qPrintable(where));
            QVERIFY2(translated.isObject() || translated.isString(), qPrintable(where));
            QJsonObject frenchVariants;
            QJsonObject variants;
            if (it.value().isObject()) {
                frenchVariants = it.value().toObject();
                variants = translated.toObject();
                QCOMPARE(keys(variants), keys(frenchVariants));
            } else {
                frenchVariants.insert(QString(), it.value());
                variants.insert(QString(), translated);
            }
            for (auto v = frenchVariants.constBegin(); v != frenchVariants.constEnd(); ++v) {
                const QString text = variants.value(v.key()).toString();
                QVERIFY2(!text.trimmed().isEmpty(), qPrintable(where + QLatin1Char(' ') + v.key()));
                QVERIFY2(MandatTranslation::placeholders(text)
                        == MandatTranslation::placeholders(v.value().toString()),
                    qPrintable(where + QLatin1Char(' ') + v.key() + QStringLiteral(": ") + text));
                // No stray brace: a placeholder mistyped ("{usager", "{Usager}") would print as is.
                QString rest = text;
                for (const QString &name : MandatTranslation::placeholders(text))
                    rest.remove(QLatin1Char('{') + name + QLatin1Char('}'));
                QVERIFY2(
                    !rest.contains(QLatin1Char('{')) && !rest.contains(QLatin1Char('}')), qPrintable(where));
            }
        }
    }

    /// Versioned with the mandat template; the review status said; what the dates, durations and
    /// démarches need.
    void metadata_data() { addLanguageRows(); }
    void metadata()
    {
        QFETCH(QString, language);
        const MandatTranslation::Translation t = loadOrFail(language);
        QCOMPARE(t.language, language);
        QCOMPARE(t.templateVersion, Attestation::kTemplateVersion);
        QCOMPARE(loadOrFail(QStringLiteral("fr")).templateVersion, Attestation::kTemplateVersion);
        QVERIFY(!t.nameFr.isEmpty());
        QVERIFY(!t.nameNative.isEmpty());
        QVERIFY(!t.fontFamilies.isEmpty() && !t.fontFamilies.contains(QString()));
        QVERIFY2(
            t.reviewStatus == QLatin1String("machine-written") || t.reviewStatus == QLatin1String("reviewed"),
            qPrintable(t.reviewStatus));
        const QJsonObject review = t.json.value(QStringLiteral("review")).toObject();
        if (t.reviewStatus == QLatin1String("machine-written")) {
            QVERIFY(review.value(QStringLiteral("note"))
                        .toString()
                        .contains(QStringLiteral("to be reviewed by a native speaker before production")));
        } else {
            QVERIFY2(!review.value(QStringLiteral("reviewed_by")).toString().isEmpty(),
                "a reviewed file names its reviewer");
        }

        const QJsonArray months = t.json.value(QStringLiteral("months")).toArray();
        QCOMPARE(months.size(), 12);
        for (const QJsonValue &month : months)
            QVERIFY(!month.toString().trimmed().isEmpty());
        const QJsonObject formats = t.json.value(QStringLiteral("formats")).toObject();
        const QJsonObject frenchFormats
            = loadOrFail(QStringLiteral("fr")).json.value(QStringLiteral("formats")).toObject();
        QCOMPARE(keys(formats), keys(frenchFormats));
        for (const QString &name :
            { QStringLiteral("date"), QStringLiteral("month_year"), QStringLiteral("time") }) {
            QCOMPARE(MandatTranslation::placeholders(formats.value(name).toString()),
                MandatTranslation::placeholders(frenchFormats.value(name).toString()));
        }

        QStringList durations;
        for (const MandatDuration &d : MandatDurations::all())
            durations.append(d.keyword);
        durations.sort();
        const QJsonObject printed = t.json.value(QStringLiteral("durations")).toObject();
        QCOMPARE(keys(printed), durations);
        for (const QString &keyword : durations)
            QVERIFY(!printed.value(keyword).toString().isEmpty());

        QStringList codes = Demarches::allCodes();
        codes.sort();
        const QJsonObject demarches = t.json.value(QStringLiteral("demarches")).toObject();
        QCOMPARE(keys(demarches), codes);
        for (const QString &code : codes) {
            const QJsonObject d = demarches.value(code).toObject();
            QVERIFY(!d.value(QStringLiteral("title")).toString().isEmpty());
            QVERIFY(!d.value(QStringLiteral("description")).toString().isEmpty());
        }
    }

    /// The direction follows the language (CLDR, through QLocale): Arabic, Dari and Pashto right
    /// to left, the others left to right.
    void direction_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("rightToLeft");
        QTest::newRow("ar") << QStringLiteral("ar") << true;
        QTest::newRow("prs (Dari, fa_AF)") << QStringLiteral("prs") << true;
        QTest::newRow("ps") << QStringLiteral("ps") << true;
        for (const QString &language : languageFiles()) {
            const MandatTranslation::Translation t = loadOrFail(language);
            const QLocale locale(t.locale);
            QVERIFY2(locale.language() != QLocale::C, qPrintable(language + QStringLiteral(": ") + t.locale));
            QTest::newRow(qPrintable(language + QStringLiteral(" (") + t.locale + QLatin1Char(')')))
                << language << (locale.textDirection() == Qt::RightToLeft);
        }
    }
    void direction()
    {
        QFETCH(QString, language);
        QFETCH(bool, rightToLeft);
        const MandatTranslation::Translation t = loadOrFail(language);
        QCOMPARE(t.rightToLeft, rightToLeft);
        QCOMPARE(t.json.value(QStringLiteral("direction")).toString(),
            rightToLeft ? QStringLiteral("rtl") : QStringLiteral("ltr"));
    }

    /// A placeholder is replaced once: a value holding "{usager}" stays as it is.
    void fill_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("one") << QStringLiteral("Je m'appelle {usager}.")
                             << QStringLiteral("Je m'appelle A {organisation}.");
        QTest::newRow("two") << QStringLiteral("{usager} / {organisation}")
                             << QStringLiteral("A {organisation} / B {usager}");
        QTest::newRow("unknown kept")
            << QStringLiteral("{nope} {usager}") << QStringLiteral("{nope} A {organisation}");
        QTest::newRow("none") << QStringLiteral("rien") << QStringLiteral("rien");
    }
    void fill()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(MandatTranslation::fill(text,
                     { { QStringLiteral("usager"), QStringLiteral("A {organisation}") },
                         { QStringLiteral("organisation"), QStringLiteral("B {usager}") } }),
            expected);
    }

    /// Dates in each language: its month names, the Europe/Paris day, the first day's form.
    void dates_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QDateTime>("instant");
        QTest::addColumn<int>("day");
        QTest::addColumn<int>("month");
        QTest::addColumn<int>("year");
        const QStringList languages = languageFiles() << QStringLiteral("fr");
        for (const QString &language : languages) {
            // 23:30 UTC on 31 July is 1 August in Paris (summer time).
            QTest::newRow(qPrintable(language + QStringLiteral(" first of August")))
                << language << QDateTime(QDate(2024, 7, 31), QTime(23, 30), QTimeZone::utc()) << 1 << 8
                << 2024;
            QTest::newRow(qPrintable(language + QStringLiteral(" 15 December")))
                << language << QDateTime(QDate(2025, 12, 15), QTime(9, 0), QTimeZone::utc()) << 15 << 12
                << 2025;
        }
    }
    void dates()
    {
        QFETCH(QString, language);
        QFETCH(QDateTime, instant);
        QFETCH(int, day);
        QFETCH(int, month);
        QFETCH(int, year);
        const MandatTranslation::Translation t = loadOrFail(language);
        const QJsonObject formats = t.json.value(QStringLiteral("formats")).toObject();
        const QString monthName = t.json.value(QStringLiteral("months")).toArray().at(month - 1).toString();
        const QString dayText
            = day == 1 ? formats.value(QStringLiteral("first_day")).toString() : QString::number(day);
        const QString expected = formats.value(QStringLiteral("date"))
                                     .toString()
                                     .replace(QStringLiteral("{day}"), dayText)
                                     .replace(QStringLiteral("{month}"), monthName)
                                     .replace(QStringLiteral("{year}"), QString::number(year));
        QCOMPARE(MandatTranslation::date(t, instant.toMSecsSinceEpoch()), expected);
        const QString birth = QStringLiteral("%1-%2-%3")
                                  .arg(year)
                                  .arg(month, 2, 10, QLatin1Char('0'))
                                  .arg(day, 2, 10, QLatin1Char('0'));
        QCOMPARE(MandatTranslation::birthdate(t, birth), expected);
        // Presumed birthdates: month and year, or the year alone.
        const QString monthYear = formats.value(QStringLiteral("month_year"))
                                      .toString()
                                      .replace(QStringLiteral("{month}"), monthName)
                                      .replace(QStringLiteral("{year}"), QString::number(year));
        QCOMPARE(MandatTranslation::birthdate(t, birth.left(8) + QStringLiteral("00")), monthYear);
        QCOMPARE(
            MandatTranslation::birthdate(t, birth.left(5) + QStringLiteral("00-00")), QString::number(year));
        QCOMPARE(MandatTranslation::birthdate(t, QStringLiteral("1992-02-30")), QStringLiteral("1992-02-30"));
    }
};

QTEST_GUILESS_MAIN(TestMandatTranslations)
#include "testMandatTranslations.moc"
