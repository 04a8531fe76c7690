#include "IdpPages.h"

#include "Demarches.h"
#include "HtmlPage.h"

#include <QDate>
#include <QVariantList>

namespace {
const QString kMissingNote = QStringLiteral(
    "Si vous ne trouvez pas le type de démarche que vous souhaitez effectuer, il se peut que vous n'ayez pas "
    "de mandat "
    "ou que le mandat a expiré. Pour créer un nouveau mandat, utilisez l'application Aidants Connect.");
} // namespace

namespace IdpPages {

HttpAnswer message(int status, const QString &title, const QString &message)
{
    return HtmlPage::message(status, title, message);
}

HttpAnswer failure(int status, const QString &text)
{
    return message(status, QStringLiteral("Connexion impossible"), text);
}

HttpAnswer requestExpired(const QString &text)
{
    return message(404, QStringLiteral("Demande expirée"), text);
}

HttpAnswer invalidRequest()
{
    return message(400, QStringLiteral("Demande de connexion invalide"),
        QStringLiteral("Cette demande de connexion ne vient pas de FranceConnect ou n'est pas valide. "
                       "Retournez sur le site de la démarche et recommencez."));
}

HttpAnswer loggedOut()
{
    return message(200, QStringLiteral("Déconnexion"),
        QStringLiteral("Vous êtes déconnecté de la démarche réalisée avec Aidants Connect."));
}

HttpAnswer login(int status, const QString &action, const QString &error)
{
    QVariantMap values { { QStringLiteral("action"), action } };
    if (!error.isEmpty()) // a section shows for any string, even an empty one
        values.insert(QStringLiteral("error"), error);
    return HttpAnswer::html(QString::fromUtf8(HtmlPage::render(
                                QStringLiteral("login"), QStringLiteral("Connexion aidant"), values)),
        status);
}

HttpAnswer usagerChoice(const QString &action, const QJsonArray &usagers)
{
    QVariantList rows;
    for (const QJsonValue &value : usagers) {
        const QJsonObject u = value.toObject();
        const QDate birth = QDate::fromString(u.value(QStringLiteral("birthdate")).toString(), Qt::ISODate);
        QVariantMap row { { QStringLiteral("id"),
                              QString::number(u.value(QStringLiteral("id")).toInteger()) },
            { QStringLiteral("action"), action },
            { QStringLiteral("givenName"), u.value(QStringLiteral("given_name")).toString() },
            { QStringLiteral("familyName"), u.value(QStringLiteral("family_name")).toString() } };
        if (birth.isValid())
            row.insert(QStringLiteral("birth"), birth.toString(QStringLiteral("dd/MM/yyyy")));
        rows.append(row);
    }
    return HttpAnswer::html(QString::fromUtf8(HtmlPage::render(QStringLiteral("usager-choice"),
        QStringLiteral("Sélectionnez l'usager que vous souhaitez FranceConnecter"),
        { { QStringLiteral("action"), action }, { QStringLiteral("usagers"), rows },
            { QStringLiteral("missingNote"), kMissingNote } })));
}

HttpAnswer demarcheChoice(const QString &action, const QJsonObject &usager)
{
    QVariantList demarches;
    for (const QJsonValue &d : usager.value(QStringLiteral("demarches")).toArray()) {
        const Demarche *demarche = Demarches::find(d.toString());
        if (demarche == nullptr)
            continue;
        demarches.append(QVariantMap { { QStringLiteral("code"), d.toString() },
            { QStringLiteral("title"), demarche->title },
            { QStringLiteral("description"), demarche->description } });
    }
    const QString name = usager.value(QStringLiteral("given_name")).toString() + QLatin1Char(' ')
        + usager.value(QStringLiteral("family_name")).toString();
    return HttpAnswer::html(QString::fromUtf8(HtmlPage::render(QStringLiteral("demarche-choice"),
        QStringLiteral("Sélectionnez le type de démarche que vous allez effectuer"),
        { { QStringLiteral("action"), action }, { QStringLiteral("name"), name },
            { QStringLiteral("usagerId"), QString::number(usager.value(QStringLiteral("id")).toInteger()) },
            { QStringLiteral("demarches"), demarches }, { QStringLiteral("missingNote"), kMissingNote } })));
}

} // namespace IdpPages
