#include "Demarches.h"

namespace Demarches {

const QList<Demarche> &all()
{
    static const QList<Demarche> catalogue = {
        { QStringLiteral("papiers"), QStringLiteral("Papiers - Citoyenneté - Élections"),
            QStringLiteral("État-civil, Passeport, Élections, Papiers à conserver, Carte d'identité…"),
            QStringLiteral("ANTS, Défenseur des droits") },
        { QStringLiteral("famille"), QStringLiteral("Famille - Scolarité"),
            QStringLiteral("Allocations familiales, Naissance, Mariage, Pacs, Scolarité…"),
            QStringLiteral("CAF, ameli.fr, EduConnect") },
        { QStringLiteral("social"), QStringLiteral("Social - Santé"),
            QStringLiteral("Carte vitale, Chômage, Handicap, RSA, Personnes âgées…"),
            QStringLiteral("ameli.fr, MSA") },
        { QStringLiteral("travail"), QStringLiteral("Travail - Formation"),
            QStringLiteral("CDD, Concours, Retraite, Démission, Période d'essai…"),
            QStringLiteral("France Travail, Mon compte formation, info-retraite.fr") },
        { QStringLiteral("logement"), QStringLiteral("Logement"),
            QStringLiteral("Allocations logement, Permis de construire, Logement social, Fin de bail…"),
            QStringLiteral("CAF, Enedis") },
        { QStringLiteral("transports"), QStringLiteral("Transports - Mobilité"),
            QStringLiteral("Carte grise, Permis de conduire, Contrôle technique, Infractions…"),
            QStringLiteral("ANTS, ANTAI, Crit'air") },
        { QStringLiteral("argent"), QStringLiteral("Argent - Impôts - Consommation"),
            QStringLiteral("Crédit immobilier, Impôts, Consommation, Livret A, Assurance, Surendettement…"),
            QStringLiteral("impots.gouv, Timbres fiscaux, Banque") },
        { QStringLiteral("justice"), QStringLiteral("Justice"),
            QStringLiteral("Casier judiciaire, Plainte, Aide juridictionnelle, Saisie…"),
            QStringLiteral("Télérecours citoyens") },
        { QStringLiteral("etranger"), QStringLiteral("Étranger - Europe"),
            QStringLiteral("Titres de séjour, Attestation d'accueil, Regroupement familial…"),
            QStringLiteral("OFPRA") },
        { QStringLiteral("loisirs"), QStringLiteral("Loisirs - Sport - Culture"),
            QStringLiteral("Animaux, Permis bateau, Tourisme, Permis de chasser…"),
            QStringLiteral("Ariane") },
    };
    return catalogue;
}

QStringList allCodes()
{
    QStringList codes;
    for (const Demarche &d : all())
        codes.append(d.code);
    return codes;
}

const Demarche *find(const QString &code)
{
    for (const Demarche &d : all()) {
        if (d.code == code)
            return &d;
    }
    return nullptr;
}

bool isKnown(const QString &code)
{
    return find(code) != nullptr;
}

} // namespace Demarches
