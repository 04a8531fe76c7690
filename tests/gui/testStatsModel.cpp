#include "ApiClient.h"
#include "CsvReader.h"
#include "Demarches.h"
#include "stats/StatsTableModel.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

/// An answer of `GET /api/v1/stats` as the server writes it, with @p counts per catégorie code.
QJsonObject answer(const QString &scope, const QList<std::pair<QString, qint64>> &counts)
{
    QJsonArray types;
    for (const auto &[code, count] : counts)
        types.append(QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("count"), count } });
    return { { QStringLiteral("scope"), scope }, { QStringLiteral("demarches_realisees"), 206416 },
        { QStringLiteral("personnes_accompagnees"), 48543 }, { QStringLiteral("mandats_crees"), 66438 },
        { QStringLiteral("aidants_habilites"), 7615 },
        { QStringLiteral("aidants_en_cours_habilitation"), 12 },
        { QStringLiteral("structures_habilitees"), 2866 },
        { QStringLiteral("structures_en_cours_habilitation"), 3 },
        { QStringLiteral("demarches_par_type"), types },
        { QStringLiteral("computed_at_ms"), qint64(1718841600000) } };
}

/// Every catégorie with a distinct count (its position × 1 000 + 7).
QList<std::pair<QString, qint64>> everyCategory()
{
    QList<std::pair<QString, qint64>> counts;
    for (const Demarche &demarche : Demarches::all())
        counts.append({ demarche.code, qint64(counts.size()) * 1000 + 7 });
    return counts;
}

const QString nnbsp = QString(QChar(0x202F)); // the French group separator (CLDR)

} // namespace

/// The Statistiques page's parts that need no server: the French numbers, the démarches table, its
/// CSV export and the reading of the server's answer.
class TestStatsModel final : public QObject
{
    Q_OBJECT

private slots:
    void frenchNumber_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0");
        QTest::newRow("units") << qint64(7) << QStringLiteral("7");
        QTest::newRow("hundreds") << qint64(999) << QStringLiteral("999");
        QTest::newRow("thousand") << qint64(1000) << QStringLiteral("1") + nnbsp + QStringLiteral("000");
        QTest::newRow("seed 004 démarches")
            << qint64(206416) << QStringLiteral("206") + nnbsp + QStringLiteral("416");
        QTest::newRow("millions") << qint64(
            1234567) << QStringLiteral("1") + nnbsp + QStringLiteral("234") + nnbsp + QStringLiteral("567");
    }

    void frenchNumber()
    {
        QFETCH(qint64, value);
        QFETCH(QString, expected);
        // Whatever the system's locale (the tests run in C.UTF-8).
        QCOMPARE(StatsText::number(value), expected);
    }

    void csvField_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("Logement") << QStringLiteral("Logement");
        QTest::newRow("accents and dashes") << QStringLiteral("Papiers - Citoyenneté - Élections")
                                            << QStringLiteral("Papiers - Citoyenneté - Élections");
        QTest::newRow("comma is no separator")
            << QStringLiteral("Argent, impôts") << QStringLiteral("Argent, impôts");
        QTest::newRow("separator") << QStringLiteral("Famille ; scolarité")
                                   << QStringLiteral("\"Famille ; scolarité\"");
        QTest::newRow("quote") << QStringLiteral("dit \"urgent\"")
                               << QStringLiteral("\"dit \"\"urgent\"\"\"");
        QTest::newRow("line break") << QStringLiteral("deux\nlignes") << QStringLiteral("\"deux\nlignes\"");
        QTest::newRow("empty") << QString() << QString();
    }

    void csvField()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(StatsText::csvField(text), expected);
        // What a CSV reader makes of it is the text again.
        const QList<QStringList> rows = CsvReader::parse(StatsText::csvField(text) + QStringLiteral(";x\r\n"),
            QLatin1Char(StatsTableModel::kCsvSeparator));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first(), (QStringList { text, QStringLiteral("x") }));
    }

    void tableRows_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QTest::newRow("every catégorie") << answer(QStringLiteral("national"), everyCategory());
        QList<std::pair<QString, qint64>> some { { QStringLiteral("logement"), 42 },
            { QStringLiteral("inconnue"), 99 }, { QStringLiteral("papiers"), 206416 } };
        QTest::newRow("some, out of order, one unknown") << answer(QStringLiteral("organisation:3"), some);
        QTest::newRow("none") << answer(QStringLiteral("national"), {});
    }

    void tableRows()
    {
        QFETCH(QJsonObject, json);
        StatsTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.hasFigures());

        model.setFigures(StatsFigures::fromJson(json));
        QVERIFY(model.hasFigures());
        QHash<QString, qint64> sent;
        for (const QJsonValue &v : json.value(QStringLiteral("demarches_par_type")).toArray())
            sent.insert(v[QStringLiteral("code")].toString(), v[QStringLiteral("count")].toInteger());
        // One row per catégorie, in catalogue order; a catégorie the server did not send counts 0.
        const QList<Demarche> &all = Demarches::all();
        QCOMPARE(model.rowCount(), all.size());
        QCOMPARE(model.columnCount(), 2);
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex title = model.index(row, StatsTableModel::TitleColumn);
            const QModelIndex count = model.index(row, StatsTableModel::CountColumn);
            QCOMPARE(title.data().toString(), all.at(row).title);
            QCOMPARE(title.data(StatsTableModel::CodeRole).toString(), all.at(row).code);
            QCOMPARE(count.data(StatsTableModel::CountRole).toLongLong(), sent.value(all.at(row).code));
            QCOMPARE(count.data().toString(), StatsText::number(sent.value(all.at(row).code)));
            QVERIFY(count.data(Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignRight);
        }
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Démarche"));
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Démarches réalisées"));

        // Cleared (an error, a locked session): no rows, never zeros.
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.hasFigures());
    }

    void csvExport_data() { tableRows_data(); }

    void csvExport()
    {
        QFETCH(QJsonObject, json);
        StatsTableModel model;
        model.setFigures(StatsFigures::fromJson(json));
        const QByteArray csv = model.toCsv();
        // UTF-8 with a byte order mark (Excel), CRLF line ends.
        QVERIFY(csv.startsWith("\xEF\xBB\xBF"));
        QVERIFY(csv.endsWith("\r\n"));
        QCOMPARE(csv.count("\r\n"), model.rowCount() + 1);
        QCOMPARE(csv.count('\n'), model.rowCount() + 1);

        const QList<QStringList> rows
            = CsvReader::parse(QString::fromUtf8(csv.mid(3)), QLatin1Char(StatsTableModel::kCsvSeparator));
        QCOMPARE(rows.size(), model.rowCount() + 1);
        QCOMPARE(rows.first(),
            (QStringList { model.headerData(0, Qt::Horizontal).toString(),
                model.headerData(1, Qt::Horizontal).toString() }));
        for (int row = 0; row < model.rowCount(); ++row) {
            const QStringList &line = rows.at(row + 1);
            QCOMPARE(line.size(), 2);
            QCOMPARE(line.at(0), model.index(row, 0).data().toString());
            // Plain digits, so that the spreadsheet reads numbers.
            bool isNumber = false;
            QCOMPARE(line.at(1).toLongLong(&isNumber),
                model.index(row, 1).data(StatsTableModel::CountRole).toLongLong());
            QVERIFY2(isNumber, qPrintable(line.at(1)));
        }

        // Written to a device and to a file: the same bytes.
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(model.writeCsv(&buffer).ok());
        QCOMPARE(buffer.data(), csv);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("statistiques.csv"));
        QVERIFY(model.writeCsvFile(path).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), csv);
    }

    void csvWriteFailure()
    {
        StatsTableModel model;
        model.setFigures(StatsFigures::fromJson(answer(QStringLiteral("national"), everyCategory())));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A folder that does not exist: a French error naming the file, and no file.
        const QString path = dir.filePath(QStringLiteral("absent/statistiques.csv"));
        const Status written = model.writeCsvFile(path);
        QVERIFY(!written.ok());
        QVERIFY2(written.error().message.contains(QStringLiteral("statistiques.csv")),
            qPrintable(written.error().message));
        QVERIFY(!QFile::exists(path));
        QBuffer readOnly;
        QVERIFY(readOnly.open(QIODevice::ReadOnly));
        QVERIFY(!model.writeCsv(&readOnly).ok());
    }

    void readAnswer_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("expectedScope");
        QTest::addColumn<bool>("valid");
        const QJsonObject national = answer(QStringLiteral("national"), everyCategory());
        QTest::newRow("national") << national << QStringLiteral("national") << true;
        QTest::newRow("any scope") << national << QString() << true;
        QTest::newRow("organisation") << answer(QStringLiteral("organisation:5"), everyCategory())
                                      << QStringLiteral("organisation:5") << true;
        QTest::newRow("another organisation's") << answer(QStringLiteral("organisation:6"), everyCategory())
                                                << QStringLiteral("organisation:5") << false;
        QTest::newRow("national for an organisation")
            << national << QStringLiteral("organisation:5") << false;
        QTest::newRow("empty object") << QJsonObject() << QString() << false;
        QTest::newRow("an error body")
            << QJsonObject { { QStringLiteral("error"), QStringLiteral("x") } } << QString() << false;
        for (const char *field : { "scope", "demarches_realisees", "personnes_accompagnees", "mandats_crees",
                 "aidants_habilites", "aidants_en_cours_habilitation", "structures_habilitees",
                 "structures_en_cours_habilitation", "demarches_par_type" }) {
            QJsonObject missing = national;
            missing.remove(QLatin1String(field));
            QTest::addRow("without %s", field) << missing << QString() << false;
        }
        QJsonObject text = national;
        text.insert(QStringLiteral("mandats_crees"), QStringLiteral("66438"));
        QTest::newRow("a number as text") << text << QString() << false;
        QJsonObject negative = national;
        negative.insert(QStringLiteral("aidants_habilites"), -1);
        QTest::newRow("negative") << negative << QString() << false;
        QJsonObject badType = national;
        badType.insert(QStringLiteral("demarches_par_type"),
            QJsonArray { QJsonObject { { QStringLiteral("code"), QStringLiteral("logement") } } });
        QTest::newRow("a type without count") << badType << QString() << false;
    }

    void readAnswer()
    {
        QFETCH(QJsonObject, json);
        QFETCH(QString, expectedScope);
        QFETCH(bool, valid);
        const Result<StatsFigures> read = ApiClient::readStats(json, expectedScope);
        QCOMPARE(read.ok(), valid);
        if (!valid) {
            QCOMPARE(read.error().code, QStringLiteral("bad_response"));
            QVERIFY(!read.error().message.isEmpty());
            return;
        }
        const StatsFigures figures = read.value();
        QCOMPARE(figures.scope, json.value(QStringLiteral("scope")).toString());
        QCOMPARE(figures.demarchesRealisees, json.value(QStringLiteral("demarches_realisees")).toInteger());
        QCOMPARE(figures.structuresEnCoursHabilitation,
            json.value(QStringLiteral("structures_en_cours_habilitation")).toInteger());
        QCOMPARE(figures.demarchesParType.size(), Demarches::all().size());
    }
};

QTEST_GUILESS_MAIN(TestStatsModel)
#include "testStatsModel.moc"
