#include "IdpPages.h"

#include "Demarches.h"

#include <QDate>

namespace {
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

HttpAnswer htmlPage(int status, const QString &title, const QString &content)
{
    const QString document = QStringLiteral(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>%1 - Aidants Connect</title>"
        "<style>body{font-family:sans-serif;max-width:44em;margin:2em auto;padding:0 1em;line-height:1.5}"
        "h1{color:#000091;font-size:1.6em}label{display:block;margin-top:1em;font-weight:bold}"
        "input{font-size:1.1em;padding:.3em;width:100%;max-width:22em}"
        "button,.choice{display:block;width:100%;text-align:left;margin:.5em 0;padding:.8em;font-size:1em;"
        "border:1px solid "
        "#000091;background:#fff;color:#000091;border-radius:4px;text-decoration:none;cursor:pointer}"
        "button.primary{background:#000091;color:#fff;text-align:center;width:auto}"
        "button:focus,.choice:focus,input:focus{outline:3px solid #0a76f6;outline-offset:2px}"
        ".error{color:#ce0500;font-weight:bold}.note{color:#3a3a3a}</style></head>"
        "<body><header><p><strong>Aidants "
        "Connect</strong></p></header><main><h1>%1</h1>%2</main></body></html>")
                                 .arg(escaped(title), content);
    return HttpAnswer::html(document, status);
}

QString cancelForm(const QString &action)
{
    return QStringLiteral(
        "<form method=\"post\" action=\"%1/cancel\"><button type=\"submit\" id=\"cancel\">Annuler et "
        "revenir sur FranceConnect</button></form>"
        "<form method=\"post\" action=\"%1/logout\"><button type=\"submit\" id=\"logout\">Se "
        "déconnecter d'Aidants Connect</button></form>")
        .arg(escaped(action));
}

const QString kMissingNote = QStringLiteral(
    "Si vous ne trouvez pas le type de démarche que vous souhaitez effectuer, il se peut que vous n'ayez pas "
    "de mandat "
    "ou que le mandat a expiré. Pour créer un nouveau mandat, utilisez l'application Aidants Connect.");
} // namespace

namespace IdpPages {

HttpAnswer message(int status, const QString &title, const QString &message)
{
    return htmlPage(status, title, QStringLiteral("<p>%1</p>").arg(escaped(message)));
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
    QString html;
    if (!error.isEmpty())
        html += QStringLiteral("<p class=\"error\" role=\"alert\">%1</p>").arg(escaped(error));
    html += QStringLiteral(
        "<p>Identifiez-vous avec votre adresse email et le code à 6 chiffres de votre carte Aidants "
        "Connect.</p>"
        "<form method=\"post\" action=\"%1/login\">"
        "<label for=\"email\">Adresse email</label>"
        "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required autofocus>"
        "<label for=\"code\">Code à 6 chiffres</label>"
        "<input id=\"code\" name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" maxlength=\"6\" "
        "autocomplete=\"one-time-code\" required>"
        "<p><button class=\"primary\" type=\"submit\" id=\"login\">Se connecter</button></p></form>")
                .arg(escaped(action));
    return htmlPage(status, QStringLiteral("Connexion aidant"), html);
}

HttpAnswer usagerChoice(const QString &action, const QJsonArray &usagers)
{
    QString html = QStringLiteral("<p>Seuls les usagers avec un mandat en cours sont affichés ici.</p>");
    if (usagers.isEmpty())
        html += QStringLiteral(
            "<p>Aucun usager n'a de mandat en cours pour cette démarche.</p><p class=\"note\">%1</p>")
                    .arg(escaped(kMissingNote));
    html += QStringLiteral("<ul style=\"list-style:none;padding:0\">");
    for (const QJsonValue &value : usagers) {
        const QJsonObject u = value.toObject();
        const QDate birth = QDate::fromString(u.value(QStringLiteral("birthdate")).toString(), Qt::ISODate);
        html += QStringLiteral("<li><a class=\"choice\" id=\"usager-%1\" href=\"%2?usager=%1\"><strong>%3 "
                               "%4</strong>%5</a></li>")
                    .arg(u.value(QStringLiteral("id")).toInteger())
                    .arg(escaped(action), escaped(u.value(QStringLiteral("given_name")).toString()),
                        escaped(u.value(QStringLiteral("family_name")).toString()),
                        birth.isValid()
                            ? QStringLiteral(" — né(e) le ") + birth.toString(QStringLiteral("dd/MM/yyyy"))
                            : QString());
    }
    html += QStringLiteral("</ul>") + cancelForm(action);
    return htmlPage(200, QStringLiteral("Sélectionnez l'usager que vous souhaitez FranceConnecter"), html);
}

HttpAnswer demarcheChoice(const QString &action, const QJsonObject &usager)
{
    const QString name = usager.value(QStringLiteral("given_name")).toString() + QLatin1Char(' ')
        + usager.value(QStringLiteral("family_name")).toString();
    QString html
        = QStringLiteral("<p>En sélectionnant une démarche, vous allez FranceConnecter <strong>%1</strong> "
                         "(<a href=\"%2\">Changer d'utilisateur</a>)</p>"
                         "<form method=\"post\" action=\"%3/choice\">"
                         "<input type=\"hidden\" name=\"usager\" value=\"%4\">")
              .arg(escaped(name), escaped(action), escaped(action))
              .arg(usager.value(QStringLiteral("id")).toInteger());
    for (const QJsonValue &d : usager.value(QStringLiteral("demarches")).toArray()) {
        const Demarche *demarche = Demarches::find(d.toString());
        html += QStringLiteral("<button type=\"submit\" name=\"demarche\" value=\"%1\" id=\"demarche-%1\">"
                               "<strong>%2</strong><br>%3</button>")
                    .arg(escaped(d.toString()), escaped(demarche->title), escaped(demarche->description));
    }
    html += QStringLiteral("</form><p class=\"note\">%1</p>").arg(escaped(kMissingNote)) + cancelForm(action);
    return htmlPage(200, QStringLiteral("Sélectionnez le type de démarche que vous allez effectuer"), html);
}

} // namespace IdpPages
