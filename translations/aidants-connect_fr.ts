<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="fr_FR">
<context>
    <name>ApiClient</name>
    <message>
        <source>Le serveur Aidants Connect est injoignable. Vérifiez votre connexion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La connexion sécurisée au serveur a échoué : certificat non reconnu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le certificat d&apos;autorité configuré (%1) est illisible. Contactez votre référent ou votre service informatique.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;adresse du serveur Aidants Connect n&apos;est pas configurée correctement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le serveur Aidants Connect ne répond pas. Réessayez dans un instant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le serveur a envoyé une réponse inattendue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le serveur a envoyé une réponse inattendue (code %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erreur du serveur (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CguPage</name>
    <message>
        <source>Conditions générales d&apos;utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nous vous prions de bien vouloir valider les conditions générales d&apos;utilisation d&apos;Aidants Connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texte des conditions générales d&apos;utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>J&apos;ai lu et j&apos;accepte les conditions générales d&apos;utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message d&apos;erreur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se déconnecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider les conditions générales d&apos;utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>primary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cochez la case pour accepter les conditions générales d&apos;utilisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Aide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aide d&apos;Aidants Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermer l&apos;aide</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Créer un mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mes mandats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réaliser une démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Espace référent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paramètres du poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se déconnecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disponible dans une prochaine version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bienvenue sur votre Espace Aidant, %1 !</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Structure : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune structure sélectionnée.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <source>Session verrouillée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code à 6 chiffres :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code à 6 chiffres pour déverrouiller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message d&apos;erreur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se déconnecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Déverrouiller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Déverrouiller la session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>primary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre session est verrouillée après %1 d&apos;inactivité. Entrez un nouveau code à 6 chiffres pour continuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérification…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Connectez-vous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vous êtes un ou une aidante professionnelle et faites partie d&apos;une structure habilitée Aidants Connect ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre adresse email :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>votre@email.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre adresse email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrez le code à 6 chiffres généré par votre téléphone ou votre carte OTP :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code à 6 chiffres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appuyez sur le bouton de votre carte OTP pour afficher un nouveau code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message d&apos;erreur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider la connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>primary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paramètres du poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez votre adresse email.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;adresse email n&apos;est pas valide. Exemple : votre@email.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connexion en cours…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions générales d&apos;utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Espace Aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session verrouillée</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageHelpers</name>
    <message>
        <source>Le code doit comporter exactement 6 chiffres.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 seconde</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 secondes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Votre session a expiré. Reconnectez-vous avec un nouveau code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La session a pris fin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre session a pris fin. Reconnectez-vous avec un nouveau code.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Paramètres du poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ces paramètres sont fixés par votre service informatique et ne peuvent pas être modifiés ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse du serveur :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://aidants-connect.exemple.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse du serveur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificat d&apos;autorité (facultatif) :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fichier du certificat d&apos;autorité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parcourir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisir le fichier du certificat d&apos;autorité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En production, l&apos;adresse du serveur doit commencer par https:// ; http:// n&apos;est accepté que pour les essais sur ce poste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message d&apos;erreur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer les paramètres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez une adresse qui commence par https:// (ou http:// pour un essai), par exemple https://aidants-connect.exemple.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;adresse du serveur ne doit contenir ni « ? » ni « # ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier du certificat d&apos;autorité est introuvable ou illisible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisir le certificat d&apos;autorité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificats PEM (*.pem *.crt *.cer);;Tous les fichiers (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
