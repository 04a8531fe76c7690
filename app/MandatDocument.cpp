#include "MandatDocument.h"

#include "Demarches.h"
#include "FrenchDate.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

namespace {

/// The translation context of the document's wording (Text::tr).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(MandatDocument)
};

/// The mandat is French law: its dates are French legal time, whatever the computer's zone
/// (common/FrenchDate).
using FrenchDate::dayMonthYear;
using FrenchDate::monthName;

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString bold(const QString &html)
{
    return QStringLiteral("<b>") + html + QStringLiteral("</b>");
}

/// French agreement of a past participle with the usager's gender (FranceConnect claim).
QString agreed(const QString &participle, const QString &gender)
{
    if (gender == QLatin1String("female"))
        return participle + QLatin1Char('e');
    if (gender == QLatin1String("male"))
        return participle;
    return participle + QStringLiteral("(e)");
}

/// A date field of the document, or a blank line to fill in by hand when the date is unknown.
QString dateOrBlank(qint64 msSinceEpoch)
{
    return msSinceEpoch > 0 ? MandatDocument::frenchDate(msSinceEpoch) : QStringLiteral("……………………");
}

QString documentStart()
{
    // Paragraphs with classes rather than <h1>/<h2>: QTextDocument scales headings on top of any
    // CSS font size. No personal data in the title: it becomes the PDF's and the print job's name.
    return QStringLiteral("<html><head><meta charset=\"utf-8\"><title>") + Text::tr("Mandat Aidants Connect")
        + QStringLiteral(
            "</title><style>"
            "p { margin-top: 0px; margin-bottom: 7px; }"
            ".title { font-size: 16pt; font-weight: bold; margin-bottom: 14px; }"
            ".heading { font-size: 11.5pt; font-weight: bold; margin-top: 8px; margin-bottom: 4px; }"
            "ul { margin-top: 0px; margin-bottom: 7px; }"
            "li { margin-bottom: 2px; }"
            ".warning { color: #b00000; font-size: 12pt; font-weight: bold; }"
            ".footer { font-size: 8pt; }"
            ".mono { font-family: 'DejaVu Sans Mono', monospace; }"
            "</style></head><body>");
}

QString documentEnd()
{
    return QStringLiteral("</body></html>");
}

/// One signature box: its heading, who signs, room for the signature.
QString signatureCell(const QString &heading, const QString &whoHtml, int widthPercent)
{
    return QStringLiteral("<td width=\"%1%\" valign=\"top\"><p><b>").arg(widthPercent) + heading
        + QStringLiteral("</b></p><p>") + whoHtml + QStringLiteral("</p><p>") + Text::tr("Signature :")
        + QStringLiteral("</p><p><br/><br/><br/><br/><br/></p></td>");
}

/// The draft's warning, in a red frame.
QString draftWarning()
{
    return QStringLiteral("<table width=\"100%\" border=\"2\" cellspacing=\"0\" cellpadding=\"8\" "
                          "style=\"border-color: #b00000; border-style: solid;\"><tr>"
                          "<td align=\"center\"><span class=\"warning\">")
        + Text::tr("Attention ! Ceci est un projet de mandat. Il n'a aucune valeur juridique.")
        + QStringLiteral("</span></td></tr></table><p></p>");
}

/// A heading, kept on the same page as what follows it (MandatPrinter).
QString heading(const QString &text)
{
    return QStringLiteral("<p class=\"heading\"><a name=\"") + MandatDocument::keepWithNextAnchor()
        + QStringLiteral("\">") + text + QStringLiteral("</a></p>");
}

/// "Fait à …, le …", kept on the same page as the signature boxes that follow (MandatPrinter).
QString placeAndDate(const OrganisationInfo &organisation, qint64 msSinceEpoch)
{
    return QStringLiteral("<p></p><p><a name=\"") + MandatDocument::keepWithNextAnchor()
        + QStringLiteral("\">")
        + Text::tr("Fait à %1, %2 %3, le %4.")
              .arg(esc(organisation.address), esc(organisation.postcode), esc(organisation.city),
                  dateOrBlank(msSinceEpoch))
        + QStringLiteral("</a></p>");
}

QString listItems(const QStringList &itemsHtml)
{
    QString out = QStringLiteral("<ul>");
    for (const QString &item : itemsHtml)
        out += QStringLiteral("<li>") + item + QStringLiteral("</li>");
    return out + QStringLiteral("</ul>");
}

QString demarcheItem(const QString &code)
{
    const Demarche *demarche = Demarches::find(code);
    if (!demarche)
        return bold(esc(code));
    return bold(esc(demarche->title.toUpper())) + QStringLiteral(" : ") + esc(demarche->description);
}

} // namespace

namespace MandatDocument {

QString qrCodeResourceName()
{
    return QStringLiteral("qrcode:verify");
}

QString keepWithNextAnchor()
{
    return QStringLiteral("keep-with-next");
}

QString frenchDate(qint64 msSinceEpoch)
{
    return FrenchDate::date(msSinceEpoch);
}

QString frenchTime(qint64 msSinceEpoch)
{
    return FrenchDate::time(msSinceEpoch);
}

QString frenchBirthdate(const QString &birthdate)
{
    const QStringList parts = birthdate.split(QLatin1Char('-'));
    if (parts.size() != 3 || parts.at(0).size() != 4 || parts.at(1).size() != 2 || parts.at(2).size() != 2)
        return birthdate;
    bool yearOk = false;
    bool monthOk = false;
    bool dayOk = false;
    const int year = parts.at(0).toInt(&yearOk);
    const int month = parts.at(1).toInt(&monthOk);
    const int day = parts.at(2).toInt(&dayOk);
    if (!yearOk || !monthOk || !dayOk || year <= 0)
        return birthdate;
    // Presumed dates (unknown day, or unknown day and month) as FranceConnect writes them.
    if (month == 0 && day == 0)
        return QString::number(year);
    if (month >= 1 && month <= 12 && day == 0)
        return monthName(month) + QLatin1Char(' ') + QString::number(year);
    if (!QDate(year, month, day).isValid())
        return birthdate;
    return dayMonthYear(day, month, year);
}

QString html(const MandatInfo &mandat, Kind kind, const QString &appendixHtml)
{
    const QString organisation = esc(mandat.organisation.name);
    const QString usager = esc(mandat.usager.fullName());
    const QString aidant = esc(mandat.aidantName);
    const QString gender = mandat.usager.gender;

    QString out = documentStart();

    if (kind == Kind::Draft)
        out += draftWarning();

    // 1. Title.
    out += QStringLiteral("<p class=\"title\" align=\"center\">")
        + Text::tr("Mandat pour réaliser des démarches en ligne avec «&nbsp;Aidants Connect&nbsp;»")
        + QStringLiteral("</p>");

    // 2. The mandant.
    out += QStringLiteral("<p>") + Text::tr("Je m'appelle %1 et je suis le mandant.").arg(bold(usager));
    const QString birth = frenchBirthdate(mandat.usager.birthdate);
    if (!birth.isEmpty()) {
        // A presumed date is a month or a year: "née en novembre 1992", "né en 1992".
        const bool presumed
            = mandat.usager.birthdate.endsWith(QLatin1String("-00")) && birth != mandat.usager.birthdate;
        const QString born = agreed(QStringLiteral("né"), gender);
        out += QLatin1Char(' ')
            + (presumed ? Text::tr("Je suis %1 en %2.") : Text::tr("Je suis %1 le %2."))
                  .arg(born, esc(birth));
    }
    out += QStringLiteral("</p>");

    // 3. The organisation as mandataire, and the démarches.
    out += QStringLiteral("<p>")
        + Text::tr("J'autorise %1, en tant que mandataire, à réaliser à ma place les démarches "
                   "administratives en ligne suivantes :")
              .arg(bold(organisation))
        + QStringLiteral("</p>");
    QStringList demarches;
    for (const QString &code : mandat.demarches)
        demarches.append(demarcheItem(code));
    out += listItems(demarches);
    out += QStringLiteral("<p>")
        + Text::tr("Tout aidant habilité par %1 peut réaliser ces démarches pour mon compte.")
              .arg(organisation)
        + QStringLiteral("</p>");

    // 4. The duration (and the remote signature).
    const MandatDuration *duration = MandatDurations::find(mandat.duration);
    const QString durationText = bold(duration ? esc(duration->printed) : esc(mandat.duration));
    out += QStringLiteral("<p>")
        + (mandat.expiresAtMs > 0 ? Text::tr("Ce mandat est conclu pour une durée de %1, jusqu'au %2.")
                                        .arg(durationText, bold(frenchDate(mandat.expiresAtMs)))
                                  : Text::tr("Ce mandat est conclu pour une durée de %1.").arg(durationText))
        + QStringLiteral("</p>");
    if (mandat.remote) {
        out += QStringLiteral("<p><b>") + Text::tr("Mandat conclu à distance.") + QStringLiteral("</b> ")
            + Text::tr("%1 certifie avoir obtenu et conservé le consentement écrit (capture d'écran "
                       "d'e-mail, SMS…) de %2 pour conclure ce mandat à distance et utiliser ses données "
                       "à caractère personnel. Cet exemplaire papier est remis au mandant ensuite.")
                  .arg(aidant, usager)
            + QStringLiteral("</p>");
    }

    // 5. The law; where the démarches are done.
    out += QStringLiteral("<p>")
        + Text::tr("Ce mandat est régi par les articles 1984 et suivants du Code civil. Les démarches "
                   "peuvent être réalisées sur les sites internet utilisant FranceConnect, sur d'autres "
                   "sites internet ou par tout autre moyen (téléphone, courrier papier…).")
        + QStringLiteral("</p>");

    // 6. Cancellation.
    out += QStringLiteral("<p>")
        + Text::tr("Je peux annuler ce mandat à tout moment, auprès de %1.").arg(organisation)
        + QStringLiteral("</p>");

    // 7. No legal protection measure.
    out += QStringLiteral("<p>")
        + Text::tr("Je déclare ne pas faire l'objet d'une mesure de protection juridique (tutelle, "
                   "curatelle ou sauvegarde de justice).")
        + QStringLiteral("</p>");

    // 8. Personal data.
    out += heading(Text::tr("Mes données personnelles")) + QStringLiteral("<p>")
        + Text::tr("%1 utilise mes données personnelles (mon identité transmise par FranceConnect et les "
                   "informations nécessaires aux démarches) seulement pour réaliser les démarches listées "
                   "dans ce mandat et garder la trace des démarches réalisées en mon nom. J'ai été %2 de "
                   "l'objet de l'intervention, de la raison pour laquelle mes informations sont collectées "
                   "et de leur utilité. Je dispose d'un droit d'accès, de rectification, de limitation et "
                   "de suppression de mes données, que j'exerce auprès de %1.")
              .arg(organisation, agreed(QStringLiteral("informé"), gender))
        + QStringLiteral("</p>");

    // 9. The aidant's commitment ("Mentions à lire à l'usager").
    out += heading(Text::tr("L'engagement de l'aidant")) + QStringLiteral("<p>")
        + Text::tr("L'aidant qui réalise une démarche listée dans ce mandat s'engage, sous sa responsabilité "
                   "civile et pénale, à respecter les obligations suivantes. Les aidants habilités par %1 "
                   "doivent :")
              .arg(bold(organisation))
        + QStringLiteral("</p>");
    out += listItems({
        Text::tr("effectuer à ma place les démarches listées dans le mandat, à partir des informations que "
                 "je leur ai données ;"),
        Text::tr("collecter et conserver seulement les informations nécessaires aux démarches listées dans "
                 "le mandat ou à celles qui s'y rattachent ;"),
        Text::tr("utiliser et communiquer seulement les informations nécessaires aux démarches listées dans "
                 "le mandat ou à celles qui s'y rattachent ;"),
        Text::tr("m'informer et demander mon autorisation avant d'effectuer d'autres démarches que celles "
                 "listées dans le mandat ;"),
        Text::tr("mettre à jour et supprimer l'ensemble de mes informations personnelles lorsqu'elles ne "
                 "sont plus utiles ;"),
        Text::tr("s'interdire de rendre publiques mes informations personnelles ;"),
        Text::tr("prendre toutes les précautions pour assurer la sécurité de mes informations personnelles."),
    });
    out += QStringLiteral("<p>")
        + Text::tr("À partir du moment où un aidant habilité par %1 réalise à ma place une des démarches "
                   "listées dans le mandat, il accepte de le faire dans les conditions décrites dans le "
                   "mandat.")
              .arg(organisation)
        + QStringLiteral("</p>");

    // 10. End conditions.
    out += heading(Text::tr("Fin du mandat")) + QStringLiteral("<p>")
        + Text::tr("Outre son échéance, le mandat prend fin :") + QStringLiteral("</p>");
    out += listItems({
        Text::tr("lorsque les démarches listées sont réalisées ;"),
        Text::tr("lorsque je l'annule ;"),
        Text::tr("lorsque l'aidant ou %1 y met fin ;").arg(organisation),
        Text::tr("lorsque je confie ces démarches à une autre personne ou structure : j'en informe alors %1.")
            .arg(organisation),
    });

    // 11. Place and date.
    // A draft says it again above the signatures, which may be on the second page.
    if (kind == Kind::Draft)
        out += QStringLiteral("<p></p>") + draftWarning();
    out += placeAndDate(mandat.organisation, mandat.createdAtMs);

    // 12. The two signature boxes, side by side.
    out += QStringLiteral(
               "<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"8\" "
               "style=\"border-style: solid; border-color: #000000; border-collapse: collapse;\"><tr>")
        + signatureCell(Text::tr("Le mandataire"),
            Text::tr("%1, aidant habilité, pour %2").arg(bold(aidant), bold(organisation)), 50)
        + signatureCell(Text::tr("Le mandant"), bold(usager), 50) + QStringLiteral("</tr></table>");

    if (kind == Kind::Final) {
        QString footer;
        footer += QStringLiteral("<p class=\"footer\"><b>")
            + Text::tr("Mandat n° %1").arg(QString::number(mandat.id)) + QStringLiteral("</b> — ")
            + Text::tr("modèle n° %1").arg(QString::number(mandat.templateVersion)) + QStringLiteral("</p>");
        footer += QStringLiteral("<p class=\"footer\">") + Text::tr("Empreinte d'attestation (SHA-256) :")
            + QStringLiteral("<br/><span class=\"mono\">") + esc(mandat.attestationHash)
            + QStringLiteral("</span></p>");
        footer += QStringLiteral("<p class=\"footer\">")
            + Text::tr("Vérifier l'authenticité : %1")
                  .arg(QStringLiteral("<span class=\"mono\">") + esc(mandat.verifyUrl)
                      + QStringLiteral("</span>"))
            + QStringLiteral("</p>");
        footer += QStringLiteral("<p class=\"footer\">")
            + Text::tr("Exemplaire à conserver au moins 6 ans après la fin du mandat.")
            + QStringLiteral("</p>");

        out += QStringLiteral("<p></p><hr/><table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\"><tr>");
        if (!mandat.verifyUrl.isEmpty()) {
            out += QStringLiteral("<td width=\"160\" valign=\"top\"><img src=\"") + qrCodeResourceName()
                + QStringLiteral("\" width=\"150\" height=\"150\"/></td>");
        }
        out += QStringLiteral("<td valign=\"top\">") + footer + QStringLiteral("</td></tr></table>");
    }

    return out + appendixHtml + documentEnd();
}

QString revocationHtml(const MandatInfo &mandat, qint64 revokedAtMs, const QString &appendixHtml)
{
    const QString organisation = esc(mandat.organisation.name);
    const QString usager = esc(mandat.usager.fullName());

    const QString createdAt = mandat.createdAtMs > 0
        ? Text::tr("%1 à %2").arg(frenchDate(mandat.createdAtMs), frenchTime(mandat.createdAtMs))
        : dateOrBlank(0);

    QString out = documentStart();
    out += QStringLiteral("<p class=\"title\" align=\"center\">")
        + Text::tr("Révocation d'un mandat «&nbsp;Aidants Connect&nbsp;»") + QStringLiteral("</p>");
    out += QStringLiteral("<p>")
        + Text::tr("Je %1 %2 souhaite révoquer le mandat «&nbsp;Aidants Connect&nbsp;» créé le %3 avec %4.")
              .arg(agreed(QStringLiteral("soussigné"), mandat.usager.gender), bold(usager), createdAt,
                  bold(organisation))
        + QStringLiteral("</p>");
    out += QStringLiteral("<p>") + Text::tr("Mandat n° %1").arg(QString::number(mandat.id))
        + QStringLiteral("</p>");
    out += placeAndDate(mandat.organisation, revokedAtMs);
    out += QStringLiteral(
               "<table width=\"50%\" border=\"1\" cellspacing=\"0\" cellpadding=\"8\" "
               "style=\"border-style: solid; border-color: #000000; border-collapse: collapse;\"><tr>")
        + signatureCell(Text::tr("Le mandant"), bold(usager), 100) + QStringLiteral("</tr></table>");
    return out + appendixHtml + documentEnd();
}

} // namespace MandatDocument
