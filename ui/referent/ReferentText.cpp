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

QString fullName(const ReferentAidant &aidant)
{
    return QStringList { aidant.firstName, aidant.lastName }.join(QLatin1Char(' ')).trimmed();
}

QString deviceText(const ReferentAidant &aidant)
{
    QStringList parts;
    for (const OtpDeviceSummary &device : aidant.devices) {
        QString text = device.kind == QLatin1String("card")
            ? device.serial
            : QCoreApplication::translate("ReferentText", "Application");
        if (!device.confirmed)
            text = QCoreApplication::translate("ReferentText", "%1 (à valider)").arg(text);
        parts << text;
    }
    return parts.isEmpty() ? QCoreApplication::translate("ReferentText", "Aucune")
                           : parts.join(QStringLiteral(", "));
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
    return aidant.lastLoginAtMs > 0 ? FrenchDate::dateTime(aidant.lastLoginAtMs)
                                    : QCoreApplication::translate("ReferentText", "Jamais");
}

QList<QPair<QString, QString>> dissociationReasons()
{
    return {
        { QStringLiteral("perte"), QCoreApplication::translate("ReferentText", "Perte") },
        { QStringLiteral("casse"), QCoreApplication::translate("ReferentText", "Casse") },
        { QStringLiteral("dysfonctionnement"),
            QCoreApplication::translate("ReferentText", "Dysfonctionnement") },
        { QStringLiteral("depart"), QCoreApplication::translate("ReferentText", "Départ de l'aidant") },
        { QStringLiteral("erreur"), QCoreApplication::translate("ReferentText", "Erreur d'association") },
        { QStringLiteral("autre"), QCoreApplication::translate("ReferentText", "Autre") },
    };
}

void nameInternalButtons(QWidget *root)
{
    for (QTableView *table : root->findChildren<QTableView *>()) {
        table->setCornerButtonEnabled(false);
        for (QAbstractButton *corner : table->findChildren<QAbstractButton *>()) {
            corner->setObjectName(table->objectName() + QStringLiteral("CornerButton"));
            corner->setAccessibleName(QCoreApplication::translate("ReferentText", "Coin du tableau"));
        }
        table->horizontalHeader()->setObjectName(table->objectName() + QStringLiteral("HorizontalHeader"));
        table->horizontalHeader()->setAccessibleName(
            QCoreApplication::translate("ReferentText", "Colonnes (un clic trie la liste)"));
        table->verticalHeader()->setObjectName(table->objectName() + QStringLiteral("VerticalHeader"));
        table->verticalHeader()->setAccessibleName(QCoreApplication::translate("ReferentText", "Lignes"));
    }
    for (QLineEdit *edit : root->findChildren<QLineEdit *>()) {
        for (QAbstractButton *button : edit->findChildren<QAbstractButton *>()) {
            button->setObjectName(edit->objectName() + QStringLiteral("ClearButton"));
            button->setAccessibleName(QCoreApplication::translate("ReferentText", "Effacer le champ"));
        }
    }
    for (QTabBar *tabBar : root->findChildren<QTabBar *>()) {
        int index = 0;
        for (QAbstractButton *button : tabBar->findChildren<QAbstractButton *>()) {
            button->setObjectName(tabBar->objectName() + QStringLiteral("ScrollButton%1").arg(++index));
            button->setAccessibleName(
                QCoreApplication::translate("ReferentText", "Faire défiler les onglets"));
        }
    }
}

} // namespace ReferentText
