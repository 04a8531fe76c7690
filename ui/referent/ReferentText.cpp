#include "ReferentText.h"

#include "FrenchDate.h"
#include "WireTypes.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QTabBar>
#include <QTableView>

namespace ReferentText {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ReferentText", text);
}

} // namespace

QString fullName(const ReferentAidant &aidant)
{
    return QStringList { aidant.firstName, aidant.lastName }.join(QLatin1Char(' ')).trimmed();
}

QString deviceText(const ReferentAidant &aidant)
{
    QStringList parts;
    for (const OtpDeviceSummary &device : aidant.devices) {
        QString text = device.kind == QLatin1String("card") ? device.serial : tr("Application");
        if (!device.confirmed)
            text = tr("%1 (à valider)").arg(text);
        parts << text;
    }
    return parts.isEmpty() ? tr("Aucune") : parts.join(QStringLiteral(", "));
}

bool hasConfirmedDevice(const ReferentAidant &aidant)
{
    for (const OtpDeviceSummary &device : aidant.devices) {
        if (device.confirmed)
            return true;
    }
    return false;
}

QString lastLogin(const ReferentAidant &aidant)
{
    return aidant.lastLoginAtMs > 0 ? FrenchDate::dateTime(aidant.lastLoginAtMs) : tr("Jamais");
}

QList<QPair<QString, QString>> dissociationReasons()
{
    return {
        { QStringLiteral("perte"), tr("Perte") },
        { QStringLiteral("casse"), tr("Casse") },
        { QStringLiteral("dysfonctionnement"), tr("Dysfonctionnement") },
        { QStringLiteral("depart"), tr("Départ de l'aidant") },
        { QStringLiteral("erreur"), tr("Erreur d'association") },
        { QStringLiteral("autre"), tr("Autre") },
    };
}

void nameInternalButtons(QWidget *root)
{
    for (QTableView *table : root->findChildren<QTableView *>()) {
        table->setCornerButtonEnabled(false);
        for (QAbstractButton *corner : table->findChildren<QAbstractButton *>()) {
            corner->setObjectName(table->objectName() + QStringLiteral("CornerButton"));
            corner->setAccessibleName(tr("Coin du tableau"));
        }
        table->horizontalHeader()->setObjectName(table->objectName() + QStringLiteral("HorizontalHeader"));
        table->horizontalHeader()->setAccessibleName(tr("Colonnes (un clic trie la liste)"));
        table->verticalHeader()->setObjectName(table->objectName() + QStringLiteral("VerticalHeader"));
        table->verticalHeader()->setAccessibleName(tr("Lignes"));
    }
    for (QLineEdit *edit : root->findChildren<QLineEdit *>()) {
        for (QAbstractButton *button : edit->findChildren<QAbstractButton *>()) {
            button->setObjectName(edit->objectName() + QStringLiteral("ClearButton"));
            button->setAccessibleName(tr("Effacer le champ"));
        }
    }
    for (QTabBar *tabBar : root->findChildren<QTabBar *>()) {
        int index = 0;
        for (QAbstractButton *button : tabBar->findChildren<QAbstractButton *>()) {
            button->setObjectName(tabBar->objectName() + QStringLiteral("ScrollButton%1").arg(++index));
            button->setAccessibleName(tr("Faire défiler les onglets"));
        }
    }
}

} // namespace ReferentText
