<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="fr_FR">
<context>
    <name>AddAidantsDialog</name>
    <message>
        <source>Ajouter un aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La personne à ajouter :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n&apos;a &amp;pas encore été formée : demande d&apos;habilitation (formation puis accès)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La personne n&apos;a pas encore été formée : demande d&apos;habilitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>est &amp;déjà aidant habilité dans une autre structure : demande de changement de structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La personne est déjà aidant habilité dans une autre structure : demande de changement de structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seuls les professionnels de la structure peuvent devenir aidants habilités : les bénévoles et les volontaires en service civique ne sont pas éligibles. Après validation de la demande par Aidants Connect, vous inscrirez chaque personne à une formation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;jouter une autre personne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter une autre personne à former</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Je certifie que ces personnes sont des &amp;professionnels de la structure (ni bénévoles, ni volontaires en service civique).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Je certifie que ces personnes sont des professionnels de la structure, ni bénévoles, ni volontaires en service civique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indiquez l&apos;adresse email de son compte Aidants Connect actuel. Une fois la demande validée par Aidants Connect, l&apos;aidant rejoint votre structure et quitte la précédente. Vous pouvez lui donner une nouvelle adresse email (facultatif).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter un &amp;autre aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter un autre aidant habilité dans une autre structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler l&apos;ajout d&apos;aidants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Envoyer la demande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Envoyer la demande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Envoyer la demande d&apos;habilitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Envoyer la demande de changement de structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prénom :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profession :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conseiller numérique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email actuel :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvel email (facultatif) :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>personne %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personne %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prénom de la %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom de la %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email de la %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profession de la %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La %1 est conseiller numérique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer la %1 de la liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aidant %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email actuel de l&apos;aidant %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nouvel email de l&apos;aidant %1, facultatif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer l&apos;aidant %1 de la liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la profession</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renseignez %1 de la personne %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seuls les professionnels peuvent être habilités : cochez la case qui le certifie (les bénévoles et les volontaires en service civique ne sont pas éligibles).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renseignez l&apos;email actuel de l&apos;aidant %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AidantPage</name>
    <message>
        <source>&amp;Retour à la liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retour à la liste des aidants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profession :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statut :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisations :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispositif :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dernière connexion :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Numéro de série de la carte :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numéro de série de la carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lier une carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Code à 6 chiffres affiché par la carte :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code à 6 chiffres de la carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appuyez sur le bouton de la carte pour afficher un code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider la carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motif de la déliaison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Motif :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Précisions :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Précisions sur le motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Obligatoires pour le motif « Autre »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Délier la carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activer l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activer l&apos;application sur le téléphone de l&apos;aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supprimer l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modifier les organisations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modifier les organisations de l&apos;aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rôle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Désigner comme référent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accès</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer de l&apos;organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer l&apos;aidant de l&apos;organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réactiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réactiver l&apos;aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;aidant n&apos;aura plus accès à cette organisation. S&apos;il n&apos;en a pas d&apos;autre, son compte est désactivé et ses sessions prennent fin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer le retrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer le retrait de l&apos;organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler le retrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membre de %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non renseignée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Désactivé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune carte liée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carte %1 liée, à valider avec le code qu&apos;elle affiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carte %1 liée et validée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application en attente de son premier code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application activée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Référent de la structure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aidant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retirer le rôle de référent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez le numéro de série inscrit au dos de la carte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La carte est liée. Validez-la avec le code qu&apos;elle affiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La carte est validée : l&apos;aidant peut se connecter avec elle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Précisez le motif de la déliaison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La carte est déliée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;application est activée : l&apos;aidant peut se connecter avec elle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;application est supprimée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est retiré de l&apos;organisation ; n&apos;ayant plus d&apos;autre organisation, son compte est désactivé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est retiré de l&apos;organisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;aidant est réactivé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cochez au moins une organisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les organisations de %1 sont modifiées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les organisations de l&apos;aidant sont modifiées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;aidant est désigné comme référent de la structure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;aidant n&apos;est plus référent de la structure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;afficher cet aidant. %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <name>AppEnrolmentDialog</name>
    <message>
        <source>Activer l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activer l&apos;application de %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce QR code n&apos;est affiché qu&apos;une fois : si vous fermez cette fenêtre, il faudra recommencer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler l&apos;activation de l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppPaths</name>
    <message>
        <source>le dossier « %1 » ne peut pas être créé ou n&apos;est pas un dossier accessible en écriture</source>
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
    <name>DemarchePage</name>
    <message>
        <source>Accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenir à l&apos;accueil ; la démarche en cours reste ouverte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Précédent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page précédente du site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharger la page du site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse du site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez l&apos;adresse d&apos;un site (https) puis Entrée pour l&apos;ouvrir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse du site, par exemple https://www.impots.gouv.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouvrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouvrir l&apos;adresse saisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminer la démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fermer le site et effacer la session de l&apos;usager (cookies, connexion FranceConnect).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choisissez un site ci-dessus ou saisissez son adresse pour commencer une démarche. Quand le site propose FranceConnect, vous choisirez ici l&apos;usager pour qui vous agissez et la démarche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ouvrir %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez l&apos;adresse du site de la démarche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette adresse ne peut pas être ouverte : seuls les sites sécurisés (adresse en https://) sont autorisés.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le site a voulu ouvrir une adresse non sécurisée (%1) : elle a été bloquée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recherche des usagers dont vous avez un mandat…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette démarche était en cours pour %1. Pour agir pour %2, elle recommence depuis le début dans une nouvelle session : connectez-vous de nouveau avec FranceConnect sur le site, puis choisissez la démarche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Démarche en cours pour : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer le document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document enregistré : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le document n&apos;a pas pu être enregistré (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemarcheView</name>
    <message>
        <source>Site de la démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La page n&apos;a pas pu être chargée (%1). Vérifiez la connexion puis réessayez.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemarchesPage</name>
    <message>
        <source>Étape 1 : Sélectionnez la ou les démarche(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mentions à lire à l&apos;usager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>effectuer à votre place les démarches listées dans le mandat, à partir des informations que vous leur avez données ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>collecter et conserver seulement les informations nécessaires aux démarches listées dans le mandat ou à celles qui s&apos;y rattachent ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>utiliser et communiquer seulement les informations nécessaires aux démarches listées dans le mandat ou à celles qui s&apos;y rattachent ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vous informer et demander votre autorisation avant d&apos;effectuer d&apos;autres démarches que celles listées dans le mandat ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mettre à jour et supprimer l&apos;ensemble de vos informations personnelles lorsqu&apos;elles ne sont plus utiles ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s&apos;interdire de rendre publiques vos informations personnelles ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prendre toutes les précautions pour assurer la sécurité de vos informations personnelles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les aidants habilités par &lt;b&gt;%1&lt;/b&gt; doivent :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>À partir du moment où un aidant habilité par &lt;b&gt;%1&lt;/b&gt; réalise à votre place une des démarches listées dans le mandat, il accepte de le faire dans les conditions décrites dans le mandat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cochez au moins une démarche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exemples : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune démarche n&apos;est autorisée pour votre structure : contactez votre référent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention : la déclaration de surendettement doit être signée personnellement par le demandeur. L&apos;aidant ne peut pas la signer à sa place (Code de la consommation, articles R. 721-2 et R. 761-1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Le mandat est enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Il est impératif d&apos;imprimer le mandat finalisé et d&apos;en remettre une version papier à l&apos;usager. Le mandat imprimé est signé par l&apos;usager et par vous ; conservez-en un exemplaire pendant 6 ans après sa fin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Imprimer le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imprimer le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer en P&amp;DF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer le mandat en PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 autorise %2 à réaliser à sa place les démarches administratives suivantes :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pour une durée de %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le mandat prend fin le %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandat réalisé à distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le fichier PDF n&apos;a pas pu être enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le mandat a été enregistré dans %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DureePage</name>
    <message>
        <source>Étape 2 : Choisissez la durée du mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Durée du mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La signature du mandat se fait-elle à &amp;distance ? Si oui, cochez cette case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature du mandat à distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cochez cette case si l&apos;usager n&apos;est pas présent au guichet pour signer le mandat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>J&apos;atteste avoir obtenu et conservé le consentement écrit de l&apos;usager (capture d&apos;écran d&apos;email, SMS…) pour conclure ce mandat à distance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Obligatoire pour un mandat signé à distance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Préparation…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstLoginDialog</name>
    <message>
        <source>Première connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activer l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Référent sans carte ni application ? Recevez un code par e-mail, puis activez une application d&apos;authentification sur votre téléphone : elle vous donnera vos codes de connexion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre adresse &amp;email :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre adresse email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>votre@email.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recevoir un code par e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Code à 8 chiffres reçu par e-mail :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code à 8 chiffres reçu par e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuer vers l&apos;activation de l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la première connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;adresse email n&apos;est pas valide. Exemple : votre@email.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si %1 est l&apos;adresse d&apos;un référent sans carte ni application, un code à 8 chiffres vient d&apos;y être envoyé. Il est valable 15 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le code reçu par e-mail comporte exactement 8 chiffres.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranceConnectPage</name>
    <message>
        <source>Étape 3 : Connectez l&apos;usager à FranceConnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prérequis : l&apos;usager a déjà un compte sur un des fournisseurs d&apos;identité proposés (impots.gouv.fr, ameli.fr, L&apos;Identité Numérique La Poste, MSA, Alicem…). &lt;b&gt;Cliquez sur le fournisseur d&apos;identité auprès duquel l&apos;usager va s&apos;identifier&lt;/b&gt;, puis laissez l&apos;usager saisir lui-même son identifiant et son mot de passe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Réessayer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réessayer la connexion FranceConnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la connexion FranceConnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;usager est identifié : %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le serveur n&apos;a pas fourni l&apos;adresse de connexion FranceConnect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;usager se connecte à FranceConnect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérification de l&apos;identification de l&apos;usager…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le délai pour identifier l&apos;usager est dépassé. Cliquez sur « Réessayer » pour recommencer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;usager n&apos;a pas pu être identifié par FranceConnect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vous pouvez réessayer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Préparation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connexion FranceConnect annulée. Cliquez sur « Réessayer » pour recommencer, ou sur « Précédent » pour modifier le mandat.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranceConnectView</name>
    <message>
        <source>Connexion FranceConnect de l&apos;usager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page FranceConnect : l&apos;usager choisit son fournisseur d&apos;identité et s&apos;y connecte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La page n&apos;a pas pu être chargée (%1). Vérifiez la connexion puis réessayez.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HabilitationRequestsModel</name>
    <message>
        <source>Annuler la demande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inscrire à une formation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profession</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État de la demande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions possibles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HabilitationWidget</name>
    <message>
        <source>1. Vous ajoutez un aidant à former. 2. Une fois sa demande validée par Aidants Connect, vous l&apos;inscrivez à une formation. 3. L&apos;organisme de formation vous contacte pour valider l&apos;inscription. 4. Une fois la formation suivie et le test Pix réalisé, Aidants Connect active son compte : vous lui donnez alors une carte ou l&apos;application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;jouter un aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter un aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandes d&apos;habilitation en cours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la demande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la demande d&apos;habilitation sélectionnée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inscrire à une formation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inscrire à une formation la personne de la demande sélectionnée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandes de changement de structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la demande de changement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la demande de changement de structure sélectionnée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer l&apos;annulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer l&apos;annulation de la demande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne pas annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne pas annuler la demande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;afficher les demandes d&apos;habilitation. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;afficher les demandes de changement de structure. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandes d&apos;habilitation en cours (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandes de changement de structure (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La demande d&apos;habilitation de %1 est envoyée (état « %2 »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 demandes d&apos;habilitation sont envoyées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La demande de changement de structure pour %1 est envoyée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 demandes de changement de structure sont envoyées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 est inscrit·e à la formation : %2. L&apos;organisme de formation vous contactera pour valider l&apos;inscription.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la demande d&apos;habilitation de %1 ? Cette action est définitive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer l&apos;annulation de la demande de %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler la demande de changement de structure pour %1 ? Cette action est définitive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmer l&apos;annulation de la demande de changement de structure pour %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La demande d&apos;habilitation de %1 est annulée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La demande de changement de structure pour %1 est annulée.</source>
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
    <message>
        <source>Votre compte ne permet pas de créer des mandats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre structure ne permet aucune démarche : contactez votre référent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gérer les aidants, leurs cartes et applications, et les démarches de la structure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistiques</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les chiffres d&apos;Aidants Connect en France et, pour un référent, ceux de ses structures.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdpChoiceWidget</name>
    <message>
        <source>Sélectionnez l&apos;usager que vous souhaitez FranceConnecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seuls les usagers avec un mandat en cours sont affichés ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rechercher par nom, prénom ou date de naissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rechercher un usager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom, prénom ou date de naissance ; flèche bas pour aller à la liste, Entrée pour choisir le premier usager trouvé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effacer la recherche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usagers avec un mandat en cours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrée pour choisir l&apos;usager sélectionné.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun usager ne correspond à votre recherche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun usager n&apos;a de mandat en cours pour cette démarche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sélectionnez le type de démarche que vous allez effectuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changer d&apos;usager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne FranceConnecter personne et revenir au site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si vous ne trouvez pas le type de démarche que vous souhaitez effectuer, il se peut que vous n&apos;ayez pas de mandat ou que le mandat a expiré. Pour créer un nouveau mandat, utilisez « Créer un mandat » depuis l&apos;accueil.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — né(e) le %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, date de naissance : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En sélectionnant une démarche, vous allez FranceConnecter %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyStore</name>
    <message>
        <source>Le trousseau du système est inaccessible : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;entrée « %1 » n&apos;est pas une clé valide.</source>
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
    <message>
        <source>Première connexion ? Activer l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pour un référent qui n&apos;a encore ni carte ni application.</source>
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
    <message>
        <source>Réaliser une démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Espace référent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistiques</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MandatDocument</name>
    <message>
        <source>Mandat Aidants Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention ! Ceci est un projet de mandat. Il n&apos;a aucune valeur juridique.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fait à %1, %2 %3, le %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandat pour réaliser des démarches en ligne avec «&amp;nbsp;Aidants Connect&amp;nbsp;»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Je m&apos;appelle %1 et je suis le mandant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Je suis %1 en %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Je suis %1 le %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>J&apos;autorise %1, en tant que mandataire, à réaliser à ma place les démarches administratives en ligne suivantes :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tout aidant habilité par %1 peut réaliser ces démarches pour mon compte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce mandat est conclu pour une durée de %1, jusqu&apos;au %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce mandat est conclu pour une durée de %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandat conclu à distance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 certifie avoir obtenu et conservé le consentement écrit (capture d&apos;écran d&apos;e-mail, SMS…) de %2 pour conclure ce mandat à distance et utiliser ses données à caractère personnel. Cet exemplaire papier est remis au mandant ensuite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce mandat est régi par les articles 1984 et suivants du Code civil. Les démarches peuvent être réalisées sur les sites internet utilisant FranceConnect, sur d&apos;autres sites internet ou par tout autre moyen (téléphone, courrier papier…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Je peux annuler ce mandat à tout moment, auprès de %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Je déclare ne pas faire l&apos;objet d&apos;une mesure de protection juridique (tutelle, curatelle ou sauvegarde de justice).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mes données personnelles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 utilise mes données personnelles (mon identité transmise par FranceConnect et les informations nécessaires aux démarches) seulement pour réaliser les démarches listées dans ce mandat et garder la trace des démarches réalisées en mon nom. J&apos;ai été %2 de l&apos;objet de l&apos;intervention, de la raison pour laquelle mes informations sont collectées et de leur utilité. Je dispose d&apos;un droit d&apos;accès, de rectification, de limitation et de suppression de mes données, que j&apos;exerce auprès de %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;engagement de l&apos;aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;aidant qui réalise une démarche listée dans ce mandat s&apos;engage, sous sa responsabilité civile et pénale, à respecter les obligations suivantes. Les aidants habilités par %1 doivent :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>effectuer à ma place les démarches listées dans le mandat, à partir des informations que je leur ai données ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>collecter et conserver seulement les informations nécessaires aux démarches listées dans le mandat ou à celles qui s&apos;y rattachent ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>utiliser et communiquer seulement les informations nécessaires aux démarches listées dans le mandat ou à celles qui s&apos;y rattachent ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>m&apos;informer et demander mon autorisation avant d&apos;effectuer d&apos;autres démarches que celles listées dans le mandat ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mettre à jour et supprimer l&apos;ensemble de mes informations personnelles lorsqu&apos;elles ne sont plus utiles ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s&apos;interdire de rendre publiques mes informations personnelles ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prendre toutes les précautions pour assurer la sécurité de mes informations personnelles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>À partir du moment où un aidant habilité par %1 réalise à ma place une des démarches listées dans le mandat, il accepte de le faire dans les conditions décrites dans le mandat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fin du mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outre son échéance, le mandat prend fin :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lorsque les démarches listées sont réalisées ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lorsque je l&apos;annule ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lorsque l&apos;aidant ou %1 y met fin ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lorsque je confie ces démarches à une autre personne ou structure : j&apos;en informe alors %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le mandataire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, aidant habilité, pour %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le mandant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandat n° %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modèle n° %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empreinte d&apos;attestation (SHA-256) :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vérifier l&apos;authenticité : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exemplaire à conserver au moins 6 ans après la fin du mandat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 à %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révocation d&apos;un mandat «&amp;nbsp;Aidants Connect&amp;nbsp;»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Je %1 %2 souhaite révoquer le mandat «&amp;nbsp;Aidants Connect&amp;nbsp;» créé le %3 avec %4.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MandatPrinter</name>
    <message>
        <source>Mandat Aidants Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;enregistrer le PDF « %1 » : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le document n&apos;a pas pu être mis en page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aperçu avant impression</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MandatTranslationChooser</name>
    <message>
        <source>Ajouter une traduction pour l&apos;&amp;usager :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ajouter une traduction pour l&apos;usager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Une copie traduite, sans valeur juridique, est imprimée après le mandat en français.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MandatWizard</name>
    <message>
        <source>Créer un mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Précédent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Suivant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;bandonner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Terminer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enregistrer le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Étape précédente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Étape suivante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abandonner la création du mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rien n&apos;est enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminer et revenir à l&apos;accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signe le mandat avec votre code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renouveler un mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer le mandat en PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MandatsController</name>
    <message>
        <source>Mes mandats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révocation impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir le cache local de vos mandats (%1). Vérifiez que le trousseau de votre session est déverrouillé, puis relancez l&apos;application.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MandatsModel</name>
    <message>
        <source>Mandat (1 démarche)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandat (%1 démarches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandat du %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Créé le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expire le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Échéance le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Créé par %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Démarche %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandat et démarches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Créé le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expire le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Durée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Créé par</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoquée le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expirée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MandatsPage</name>
    <message>
        <source>Mes mandats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ynchroniser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchroniser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Récupère les derniers mandats de la structure depuis le serveur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retour à l&apos;accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Afficher ces usagers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afficher les usagers dont un mandat arrive à échéance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronisation en cours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rechercher :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rechercher un usager (nom, prénom, date de naissance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La liste se met à jour à chaque lettre. Flèche bas pour aller à la liste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effacer la recherche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;fficher :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filtrer les usagers par état des mandats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coin du tableau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usagers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrée ouvre les mandats de l&apos;usager sélectionné.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 mandat arrive à échéance dans les 30 prochains jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 mandats arrivent à échéance dans les 30 prochains jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hors ligne — données du %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hors ligne — aucune donnée synchronisée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Première synchronisation en cours : %1 mandat reçu…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Première synchronisation en cours : %1 mandats reçus…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 usager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 usagers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sur %2 usagers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les mandats arrivent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun mandat pour le moment dans votre structure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun usager ne correspond à « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun usager dans cette catégorie.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfflineCache</name>
    <message>
        <source>Le cache hors ligne de ce poste ne peut pas être ouvert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le cache hors ligne de ce poste ne peut pas être déchiffré avec la clé du trousseau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le cache hors ligne de ce poste est altéré ou illisible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le cache hors ligne de ce poste n&apos;a pas pu être mis à jour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le cache hors ligne de ce poste n&apos;a pas pu être effacé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le fichier « %1 » ne peut pas être créé ni écrit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir le cache local de vos mandats (%1). Vérifiez l&apos;espace disque et les droits du dossier « %2 », puis relancez l&apos;application.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OtpAppWidget</name>
    <message>
        <source>QR code de configuration de l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. Ouvrez une application d&apos;authentification sur le téléphone (par exemple FreeOTP ou Google Authenticator) et scannez le QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ou saisissez ce lien dans l&apos;application :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lien de configuration de l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. &amp;Entrez le code à 6 chiffres affiché par l&apos;application :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code à 6 chiffres de l&apos;application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider le code de l&apos;application</source>
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
    <name>RecapPage</name>
    <message>
        <source>Récapitulatif du mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enregistrer le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Éléments du mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Voir le projet de mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voir le projet de mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aperçu du mandat avant signature, sans valeur juridique.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention : la déclaration de surendettement doit être signée personnellement par le demandeur. L&apos;aidant ne peut pas la signer à sa place (Code de la consommation, articles R. 721-2 et R. 761-1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation de l&apos;usager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation de l&apos;aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrez le &amp;code à 6 chiffres généré par votre téléphone ou votre carte OTP :</source>
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
        <source>l&apos;usager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avoir communiqué à %1 les informations concernant l&apos;objet de l&apos;intervention, la raison pour laquelle ses informations sont collectées et leur utilité ; les droits sur ses données (accès, rectification, suppression...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avoir obtenu et conservé un consentement écrit (capture d&apos;écran d&apos;email, SMS...) de la part de %1 pour conclure le mandat Aidant Connect à distance et utiliser ses données à caractère personnel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 autorise %2 à réaliser à sa place les démarches administratives suivantes :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pour une durée de %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandat réalisé à distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En cochant les cases, %1 confirme :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cochez la case confirmant que vous avez informé l&apos;usager avant d&apos;enregistrer le mandat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cochez la case confirmant le consentement écrit de l&apos;usager pour un mandat à distance.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferentAidantsModel</name>
    <message>
        <source>%1 (référent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profession</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispositif</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferentPage</name>
    <message>
        <source>Mon espace responsable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ac&amp;tualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retour à l&apos;accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Structure gérée :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Structure gérée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections de l&apos;espace responsable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adresse :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIRET :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aidants actifs :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Démarches autorisées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les aidants de la structure ne peuvent créer des mandats que pour les démarches cochées (au moins une).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enregistrer les démarches autorisées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mon organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rechercher :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rechercher un aidant (nom, prénom, email)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Voir la fiche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voir la fiche de l&apos;aidant actif sélectionné</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aidants actifs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>V&amp;oir la fiche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voir la fiche de l&apos;aidant désactivé sélectionné</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aidants désactivés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aidants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrée ouvre la fiche de l&apos;aidant sélectionné.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vous n&apos;êtes plus référent d&apos;aucune structure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non renseigné</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cochez au moins une démarche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Les démarches autorisées sont enregistrées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aidants actifs (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aidants désactivés (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ctiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;afficher les structures que vous gérez. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;afficher les aidants de cette structure. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activer l&apos;accès de l&apos;aidant actif sélectionné</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demandes d&apos;habilitation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferentText</name>
    <message>
        <source>Application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (à valider)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jamais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Casse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dysfonctionnement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Départ de l&apos;aidant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erreur d&apos;association</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coin du tableau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colonnes (un clic trie la liste)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lignes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effacer le champ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faire défiler les onglets</source>
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
<context>
    <name>StructureChangesModel</name>
    <message>
        <source>Inchangé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email actuel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email dans votre structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>État de la demande</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingSelectionDialog</name>
    <message>
        <source>Formation de %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrouvez ci-dessous toutes les informations concernant les formations disponibles pour %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune session de formation n&apos;est proposée pour le moment. Revenez plus tard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions de formation disponibles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flèches pour parcourir les sessions, Espace pour sélectionner la session de la ligne.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune session sélectionnée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session sélectionnée : %1, %2, %3, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuler et fermer sans changer l&apos;inscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider la sélection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valider la sélection de la session de formation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impossible d&apos;afficher les sessions de formation. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sélectionnez une session de formation (Espace sur la ligne de la session).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingSessionsModel</name>
    <message>
        <source>Sélectionnée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non sélectionnée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Durée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lieu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sélection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsagerPage</name>
    <message>
        <source>← &amp;Retour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retour à la liste des usagers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hors ligne : la révocation et le renouvellement sont indisponibles, la réimpression reste possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandats et démarches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Un mandat par ligne, ses démarches en dessous. Flèche droite pour les afficher.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;nouveler le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renouveler le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoquer la &amp;démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoquer la démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoquer le &amp;mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoquer le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réim&amp;primer le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Réimprimer le mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Le mandat tel qu&apos;il a été signé, identique à l&apos;original.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ttestation de révocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attestation de révocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>À faire signer par l&apos;usager, pour un mandat révoqué.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Née le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Né le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Né(e) le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom d&apos;usage : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoquer la démarche « %1 » du mandat de %2 ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoquer le mandat de %1 ? Ces démarches ne pourront plus être réalisées pour l&apos;usager :
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action impossible hors ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sélectionnez une démarche du mandat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oui, révoquer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non, annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsagersFilterModel</name>
    <message>
        <source>Tous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actifs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expirant sous 30 jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expirés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Révoqués</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsagersModel</name>
    <message>
        <source>Date de naissance : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandats : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucune échéance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prochaine échéance : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 mandat arrive à échéance dans les 30 prochains jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 mandats arrivent à échéance dans les 30 prochains jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date de naissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prochaine échéance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 actif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 actifs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 expiré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 expirés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 révoqué</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 révoqués</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aucun mandat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (dans 1 jour)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (dans %2 jours)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
