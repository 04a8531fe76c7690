#pragma once

#include "Result.h"
#include "Stats.h"

#include <QAbstractTableModel>

class QIODevice;

/// The French wording and formats of the « Statistiques » page (seed 004 « LES CHIFFRES »).
namespace StatsText {

/// One key figure: its French caption and where it is in StatsFigures.
struct Figure
{
    const char *key; ///< a stable name (object names: `<key>ValueLabel`)
    QString caption;
    qint64 StatsFigures::*value;
};

/// « Utilisation »: démarches, personnes accompagnées, mandats.
QList<Figure> usageFigures();
/// « Déploiement »: aidants and structures, habilités and en cours d'habilitation.
QList<Figure> deploymentFigures();
/// A count the French way: digits grouped by three with the French locale's separator (a narrow
/// no-break space, U+202F, as CLDR has it): « 206 416 ».
QString number(qint64 value);
/// One CSV field: quoted (quotes doubled) when it holds the separator, a quote or a line break.
QString csvField(const QString &text);

} // namespace StatsText

/// Démarches réalisées by type: one row per catégorie of Demarches::all(), in catalogue order, with
/// its French title and count. Empty until figures are set (an error is never shown as zeros).
class StatsTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsTableModel)

public:
    enum Column { TitleColumn, CountColumn, ColumnCount };
    enum Role {
        CodeRole = Qt::UserRole + 1, ///< the catégorie's code
        CountRole, ///< the count as a number (qint64)
    };
    /// The CSV separator: French Excel reads `;` (`,` is the decimal separator in French).
    static constexpr char kCsvSeparator = ';';

    explicit StatsTableModel(QObject *parent = nullptr);

    void setFigures(const StatsFigures &figures);
    void clear();
    bool hasFigures() const { return m_hasFigures; }
    const StatsFigures &figures() const { return m_figures; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The table as CSV for Excel (docs/stats.md § Client): UTF-8 with a byte order mark, `;` between
    /// fields, CRLF line ends, a header row, counts as plain digits (so that they stay numbers).
    QByteArray toCsv() const;
    /// Writes toCsv() to @p device (open for writing); a French error when it cannot.
    Status writeCsv(QIODevice *device) const;
    /// Writes toCsv() to the file @p path, replacing it only once fully written.
    Status writeCsvFile(const QString &path) const;

private:
    StatsFigures m_figures;
    bool m_hasFigures = false;
};
