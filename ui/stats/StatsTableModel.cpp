#include "StatsTableModel.h"

#include "Demarches.h"

#include <QFileInfo>
#include <QIODevice>
#include <QLocale>
#include <QSaveFile>

namespace StatsText {

QList<Figure> usageFigures()
{
    return {
        { "demarchesRealisees", StatsTableModel::tr("Démarches administratives réalisées"),
            &StatsFigures::demarchesRealisees },
        { "personnesAccompagnees", StatsTableModel::tr("Personnes accompagnées"),
            &StatsFigures::personnesAccompagnees },
        { "mandatsCrees", StatsTableModel::tr("Mandats créés"), &StatsFigures::mandatsCrees },
    };
}

QList<Figure> deploymentFigures()
{
    return {
        { "aidantsHabilites", StatsTableModel::tr("Aidants habilités"), &StatsFigures::aidantsHabilites },
        { "aidantsEnCoursHabilitation", StatsTableModel::tr("Aidants en cours d'habilitation"),
            &StatsFigures::aidantsEnCoursHabilitation },
        { "structuresHabilitees", StatsTableModel::tr("Structures habilitées"),
            &StatsFigures::structuresHabilitees },
        { "structuresEnCoursHabilitation", StatsTableModel::tr("Structures en cours d'habilitation"),
            &StatsFigures::structuresEnCoursHabilitation },
    };
}

QString number(qint64 value)
{
    // French whatever the system's locale: the whole interface is French.
    return QLocale(QLocale::French, QLocale::France).toString(value);
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(StatsTableModel::kCsvSeparator)) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace StatsText

StatsTableModel::StatsTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void StatsTableModel::setFigures(const StatsFigures &figures)
{
    beginResetModel();
    m_figures = figures;
    m_hasFigures = true;
    endResetModel();
}

void StatsTableModel::clear()
{
    beginResetModel();
    m_figures = {};
    m_hasFigures = false;
    endResetModel();
}

int StatsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_hasFigures ? 0 : int(m_figures.demarchesParType.size());
}

int StatsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StatsFigures::DemarcheCount &row = m_figures.demarchesParType.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        if (index.column() == TitleColumn) {
            const Demarche *demarche = Demarches::find(row.code);
            return demarche ? demarche->title : row.code;
        }
        return StatsText::number(row.count);
    case Qt::TextAlignmentRole:
        return index.column() == CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case CodeRole:
        return row.code;
    case CountRole:
        return row.count;
    default:
        return {};
    }
}

QVariant StatsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TitleColumn:
        return tr("Démarche");
    case CountColumn:
        return tr("Démarches réalisées");
    default:
        return {};
    }
}

QByteArray StatsTableModel::toCsv() const
{
    const QString separator = QString(QLatin1Char(kCsvSeparator));
    const QString lineEnd = QStringLiteral("\r\n");
    QString text = StatsText::csvField(headerData(TitleColumn, Qt::Horizontal).toString()) + separator
        + StatsText::csvField(headerData(CountColumn, Qt::Horizontal).toString()) + lineEnd;
    for (int row = 0; row < rowCount(); ++row)
        text += StatsText::csvField(data(index(row, TitleColumn)).toString()) + separator
            + QString::number(data(index(row, CountColumn), CountRole).toLongLong()) + lineEnd;
    // The byte order mark tells Excel the file is UTF-8 (without it, it reads the accents as ANSI).
    return QByteArrayLiteral("\xEF\xBB\xBF") + text.toUtf8();
}

Status StatsTableModel::writeCsv(QIODevice *device) const
{
    const QByteArray csv = toCsv();
    if (!device || !device->isWritable() || device->write(csv) != csv.size())
        return Error { QStringLiteral("write_failed"), tr("Le fichier n'a pas pu être écrit.") };
    return success();
}

Status StatsTableModel::writeCsvFile(const QString &path) const
{
    const QString name = QFileInfo(path).fileName();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error { QStringLiteral("write_failed"),
            tr("Le fichier « %1 » n'a pas pu être créé : vérifiez le dossier choisi.").arg(name) };
    const Status written = writeCsv(&file);
    if (!written || !file.commit())
        return Error { QStringLiteral("write_failed"),
            tr("Le fichier « %1 » n'a pas pu être écrit : vérifiez la place disponible.").arg(name) };
    return success();
}
