#include "UsagersModel.h"

#include "MandatRules.h"
#include "MandatsText.h"

#include <QCollator>
#include <QLocale>

#include <algorithm>
#include <limits>
#include <numeric>

UsagersModel::UsagersModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

UsagersModel::~UsagersModel() = default;

void UsagersModel::setUsagers(const QList<UsagerSummary> &usagers, qint64 nowMs)
{
    beginResetModel();
    m_usagers = usagers;
    m_nowMs = nowMs;
    const int count = int(m_usagers.size());

    // Search keys once per reset, so that each keystroke only compares strings.
    m_searchKeys.clear();
    m_searchKeyOffsets.clear();
    m_searchKeyOffsets.reserve(size_t(count) + 1);
    for (const UsagerSummary &summary : std::as_const(m_usagers)) {
        const UsagerIdentity &u = summary.usager;
        const QString text = summary.searchKey + QLatin1Char(' ') + u.givenName + QLatin1Char(' ')
            + u.familyName + QLatin1Char(' ') + u.preferredUsername + QLatin1Char(' ') + u.birthdate
            + QLatin1Char(' ') + MandatsText::birthdate(u.birthdate) + QLatin1Char(' ')
            + MandatsText::birthdateLong(u.birthdate);
        m_searchKeyOffsets.push_back(int(m_searchKeys.size()));
        m_searchKeys.append(MandatsText::normalizeForSearch(text).toUtf8());
    }
    m_searchKeyOffsets.push_back(int(m_searchKeys.size()));

    // French collation (É sorts with E), family name first, as the aidants look people up.
    QCollator collator { QLocale(QLocale::French, QLocale::France) };
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    collator.setNumericMode(true);
    struct NameKeys
    {
        QCollatorSortKey family;
        QCollatorSortKey given;
    };
    std::vector<NameKeys> keys;
    keys.reserve(size_t(count));
    for (const UsagerSummary &summary : std::as_const(m_usagers)) {
        keys.push_back({ collator.sortKey(summary.usager.familyName),
            collator.sortKey(
                summary.usager.givenName + QLatin1Char(' ') + summary.usager.preferredUsername) });
    }
    std::vector<int> order(static_cast<size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&keys](int a, int b) {
        const NameKeys &ka = keys[size_t(a)];
        const NameKeys &kb = keys[size_t(b)];
        const int family = ka.family.compare(kb.family);
        return family != 0 ? family < 0 : ka.given.compare(kb.given) < 0;
    });
    m_nameRanks.assign(size_t(count), 0);
    for (int rank = 0; rank < count; ++rank)
        m_nameRanks[size_t(order[size_t(rank)])] = rank;
    endResetModel();
}

int UsagersModel::rowOf(qint64 usagerId) const
{
    for (int row = 0; row < m_usagers.size(); ++row) {
        if (m_usagers.at(row).usager.id == usagerId)
            return row;
    }
    return -1;
}

int UsagersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_usagers.size());
}

int UsagersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsagersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsagerSummary &summary = m_usagers.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return MandatsText::listName(summary.usager);
        case BirthdateColumn:
            return MandatsText::birthdate(summary.usager.birthdate);
        case MandatsColumn:
            return mandatsText(summary);
        case NextExpiryColumn:
            return nextExpiryText(summary);
        }
        break;
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case NameColumn:
            return MandatsText::listName(summary.usager);
        case BirthdateColumn:
            return tr("Date de naissance : %1").arg(MandatsText::birthdateLong(summary.usager.birthdate));
        case MandatsColumn:
            return tr("Mandats : %1").arg(mandatsText(summary));
        case NextExpiryColumn:
            return summary.nextExpiryMs == 0 ? tr("Aucune échéance")
                                             : tr("Prochaine échéance : %1").arg(nextExpiryText(summary));
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == NextExpiryColumn && summary.expiringSoonMandats > 0)
            return summary.expiringSoonMandats == 1
                ? tr("1 mandat arrive à échéance dans les 30 prochains jours")
                : tr("%1 mandats arrivent à échéance dans les 30 prochains jours")
                      .arg(summary.expiringSoonMandats);
        break;
    case UsagerIdRole:
        return summary.usager.id;
    case SearchKeyRole:
        return QString::fromUtf8(searchKeyAt(index.row()));
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return m_nameRanks.at(size_t(index.row()));
        case BirthdateColumn:
            return summary.usager.birthdate;
        case MandatsColumn:
            return summary.activeMandats;
        case NextExpiryColumn:
            return summary.nextExpiryMs == 0 ? std::numeric_limits<qint64>::max() : summary.nextExpiryMs;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant UsagersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::AccessibleTextRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Nom");
    case BirthdateColumn:
        return tr("Date de naissance");
    case MandatsColumn:
        return tr("Mandats");
    case NextExpiryColumn:
        return tr("Prochaine échéance");
    default:
        return {};
    }
}

QHash<int, QByteArray> UsagersModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(UsagerIdRole, QByteArrayLiteral("usagerId"));
    names.insert(SearchKeyRole, QByteArrayLiteral("searchKey"));
    names.insert(SortRole, QByteArrayLiteral("sortValue"));
    return names;
}

QString UsagersModel::mandatsText(const UsagerSummary &usager)
{
    QStringList parts;
    if (usager.activeMandats > 0)
        parts << (usager.activeMandats == 1 ? tr("1 actif") : tr("%1 actifs").arg(usager.activeMandats));
    if (usager.expiredMandats > 0)
        parts << (usager.expiredMandats == 1 ? tr("1 expiré") : tr("%1 expirés").arg(usager.expiredMandats));
    if (usager.revokedMandats > 0)
        parts << (usager.revokedMandats == 1 ? tr("1 révoqué")
                                             : tr("%1 révoqués").arg(usager.revokedMandats));
    if (parts.isEmpty())
        return tr("Aucun mandat");
    return parts.join(QStringLiteral(", "));
}

QString UsagersModel::nextExpiryText(const UsagerSummary &usager) const
{
    if (usager.nextExpiryMs == 0)
        return QStringLiteral("—");
    const QString date = MandatsText::date(usager.nextExpiryMs);
    if (m_nowMs <= 0 || usager.nextExpiryMs <= m_nowMs
        || usager.nextExpiryMs - m_nowMs > MandatRules::kExpiringSoonMs)
        return date;
    const int days = int((usager.nextExpiryMs - m_nowMs + MandatRules::kDayMs - 1) / MandatRules::kDayMs);
    return days <= 1 ? tr("%1 (dans 1 jour)").arg(date) : tr("%1 (dans %2 jours)").arg(date).arg(days);
}
